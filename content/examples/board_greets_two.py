# 掌控板向两台电脑各问候两次（一台 Windows，一台 Linux）
# The board greets two PCs twice (one Windows, one Linux)
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")  # 改成你的 / use yours

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(2):
    for pc in ("192.168.0.3", "192.168.0.4"):
        udp.sendto(b"hello from mPython\r\n", (pc, 6000))
        sleep(0.5)
udp.close()
net.disconnectWiFi()
