# 回到了电脑的 6000 端口，而不是它发送用的端口 / replies to the PC's port 6000, not the port it sent from
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind((net.sta.ifconfig()[0], 6000))
while True:
    data, sender = srv.recvfrom(64)
    text = data.decode("utf-8")
    srv.sendto(("pong " + text[5:]).encode("utf-8"), (sender[0], 6000))
