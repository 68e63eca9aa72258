# 掌控板 UDP 服务器：把收到的文字显示在 OLED 第二行 / mPython board server: show what arrives on the OLED's second line
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind((net.sta.ifconfig()[0], 6000))
oled.fill(0)
oled.DispChar("UDP 6000", 0, 0)  # 第一行 / first line
oled.show()

while True:
    data, sender = srv.recvfrom(1024)
    print("received", data)
    # TODO: 把 data 解码，显示在第二行（y = 16）/ decode data and show it on the second line (y = 16)
