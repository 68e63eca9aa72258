# 写到了第一行（y = 0），盖住了标题 / draws on the first line (y = 0), over the title
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind((net.sta.ifconfig()[0], 6000))
oled.fill(0)
oled.DispChar("UDP 6000", 0, 0)
oled.show()
while True:
    data, sender = srv.recvfrom(1024)
    oled.DispChar(data.decode("utf-8"), 0, 0)
    oled.show()
