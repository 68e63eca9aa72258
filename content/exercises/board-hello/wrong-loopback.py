# 发给了 127.0.0.1：那是掌控板自己 / sends to 127.0.0.1: that is the board itself
from mpython import *
import socket
import time

net = wifi()
net.connectWiFi("ssid", "password")
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(1, 4):
    sock.sendto(("掌控板 %d" % n).encode("utf-8"), ("127.0.0.1", 6000))
    time.sleep(1)
sock.close()
net.disconnectWiFi()
