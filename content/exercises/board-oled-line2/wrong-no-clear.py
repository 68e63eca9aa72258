# 没擦掉旧的文字，新旧叠在一起 / never clears the line: old and new text overlap
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
    oled.DispChar(data.decode("utf-8"), 0, 16)
    oled.show()
