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
    text = data.decode("utf-8")
    print("received", text)
    oled.fill_rect(0, 16, 128, 16, 0)  # 先擦掉第二行 / clear the second line first
    oled.DispChar(text, 0, 16)
    oled.show()  # 这时才显示 / now it is visible
