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
    text = data.decode("utf-8")
    if text.startswith("ping "):
        srv.sendto(("pong " + text[5:]).encode("utf-8"), sender)  # 回给发送方 / back to the sender
