# 掌控板每秒报一个编号：reading 1 … reading 5 / the board reports reading 1 … reading 5, one a second
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)  # 电脑的 IP 和端口 / the PC's IP and port

net = wifi()
net.connectWiFi("ssid", "password")  # 先连网 / join the network first
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(1, 6):  # 1 到 5 / 1 to 5
    sock.sendto(("reading %d" % n).encode("utf-8"), PC)
    time.sleep(1)
sock.close()
net.disconnectWiFi()
