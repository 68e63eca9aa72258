# 画了，但没有 oled.show() / draws, but never calls oled.show()
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
    oled.fill_rect(0, 16, 128, 16, 0)
    oled.DispChar(data.decode("utf-8"), 0, 16)
