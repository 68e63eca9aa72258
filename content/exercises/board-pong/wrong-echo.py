# 原样回送 / echoes as it is
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind((net.sta.ifconfig()[0], 6000))
while True:
    data, sender = srv.recvfrom(64)
    srv.sendto(data, sender)
