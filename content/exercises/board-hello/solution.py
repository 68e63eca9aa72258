# 掌控板作 UDP 客户端：给电脑发三行字 / the board as a UDP client: three lines for the PC
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)

net = wifi()
net.connectWiFi("ssid", "password")
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(1, 4):
    sock.sendto(("掌控板 %d" % n).encode("utf-8"), PC)
    time.sleep(1)
sock.close()
net.disconnectWiFi()
