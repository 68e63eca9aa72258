# 编号写死了，每次都发 reading 1 / the number never changes: reading 1 every time
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)

net = wifi()
net.connectWiFi("ssid", "password")
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(1, 6):
    sock.sendto("reading 1".encode("utf-8"), PC)
    time.sleep(1)
sock.close()
net.disconnectWiFi()
