# 参考掌控板：有人广播“谁在线？”就回答自己的 IP / reference board: answers "who is online?" with its IP
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")
my_ip = net.sta.ifconfig()[0]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("0.0.0.0", 7000))
oled.fill(0)
oled.DispChar(my_ip, 0, 0)
oled.show()
try:
    while True:
        data, sender = sock.recvfrom(64)
        if data == "谁在线？".encode("utf-8"):
            sock.sendto(("我在：" + my_ip).encode("utf-8"), sender)
            print("answered", sender[0])
except KeyboardInterrupt:
    pass
finally:
    sock.close()
