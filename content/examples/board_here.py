# 掌控板：有人广播“谁在线？”就回答“我在”
# mPython board: answers "who's online?" broadcasts with "here"
from mpython import *
import socket

PORT = 5000  # 大家约好的端口 / the port everyone agreed on

net = wifi()
net.connectWiFi("ssid", "password")  # 改成你的 / use yours

sock = None
try:
    my_ip = net.sta.ifconfig()[0]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("", PORT))  # 空地址：广播也收得到 / '' also gets broadcasts
    print("listening on port", PORT, "as", my_ip)
    oled.fill(0)
    oled.DispChar(my_ip, 0, 0)
    oled.show()
    while True:
        data, sender = sock.recvfrom(64)
        if data == b"WHO?":
            # 按 IP 末位错开回答 / stagger the answers by the IP's last number
            sleep_ms(int(my_ip.split(".")[-1]) * 5)
            # 单播回答提问的人 / answer the asker alone
            sock.sendto(b"HERE " + my_ip.encode(), sender)
            print("asked by", sender[0], "- answered")
            oled.DispChar("asked by", 0, 16)
            oled.DispChar(sender[0], 0, 32)
            oled.show()
except KeyboardInterrupt:
    print("stopped by user")
finally:
    if sock is not None:
        sock.close()
    net.disconnectWiFi()
