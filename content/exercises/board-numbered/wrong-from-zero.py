# 连上了 Wi-Fi，编号却从 0 开始 / on the Wi-Fi, but the numbers start at 0
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)

net = wifi()
net.connectWiFi("ssid", "password")
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(5):
    sock.sendto(("reading %d" % n).encode("utf-8"), PC)
    time.sleep(1)
sock.close()
net.disconnectWiFi()
