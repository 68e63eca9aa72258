# 掌控板作 UDP 服务器：把收到的文字显示在 OLED 上
# mPython board as a UDP server: shows messages on its OLED
from mpython import *
import socket

PORT = 6000

net = wifi()
net.connectWiFi("ssid", "password")  # 改成你的 / use yours

srv = None
try:
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    my_ip = net.sta.ifconfig()[0]  # 自己的 IP / own IP
    srv.bind((my_ip, PORT))
    header = "%s:%d" % (my_ip, PORT)
    print("waiting for datagrams on", header)
    oled.fill(0)
    oled.DispChar(header, 0, 0)
    oled.show()

    while True:
        data, sender = srv.recvfrom(1024)  # 阻塞 / blocks
        print("received", data, "from", sender)
        try:
            text = data.decode("utf-8")  # 字节 → 文字 / bytes to text
        except UnicodeError:  # 不是 UTF-8 / not UTF-8
            text = "? %d bytes" % len(data)
        oled.fill(0)  # 清屏 / clear the screen
        oled.DispChar(header, 0, 0)
        oled.DispChar(text, 0, 16)  # 文字 / text
        oled.DispChar("from", 0, 32)
        oled.DispChar(sender[0], 0, 48)  # 发送方 / sender
        oled.show()  # 这时才显示 / now visible
except KeyboardInterrupt:
    print("stopped by user")
finally:
    if srv is not None:
        srv.close()
    net.disconnectWiFi()
