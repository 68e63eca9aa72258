# 参考掌控板：有人广播 NAME? 就回答自己的名字 / reference board: answers NAME? with its name
from mpython import *
import socket
import time

NAMES = {"192.168.0.11": "小红", "192.168.0.12": "小明", "192.168.0.13": "小刚"}

net = wifi()
net.connectWiFi("ssid", "password")
my_ip = net.sta.ifconfig()[0]
my_name = NAMES.get(my_ip, "无名")

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 5000))
oled.fill(0)
oled.DispChar(my_name, 0, 0)
oled.show()
try:
    while True:
        data, sender = sock.recvfrom(64)
        if data == b"NAME?":
            time.sleep_ms(5 * int(my_ip.split(".")[3]))  # 错开回答 / answer a little apart
            sock.sendto(("I AM " + my_name).encode("utf-8"), sender)
            print("answered", sender[0])
except KeyboardInterrupt:
    pass
finally:
    sock.close()
