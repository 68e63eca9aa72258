# 掌控板作服务器：每个 "ping N" 都回答 "pong N" / the board as a server: answers every "ping N" with "pong N"
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind((net.sta.ifconfig()[0], 6000))
print("listening on", net.sta.ifconfig()[0])
while True:
    data, sender = srv.recvfrom(64)
    # TODO: 把 "ping N" 变成 "pong N"，发回给 sender / turn "ping N" into "pong N" and send it back to sender
