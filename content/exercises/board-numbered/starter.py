# 掌控板每秒报一个编号，可是电脑什么也没收到。找出两个错误并改好
# the board reports a numbered reading every second, but the PC gets nothing: find the two mistakes
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)  # 电脑的 IP 和端口 / the PC's IP and port

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(5):
    sock.sendto(("reading %d" % n).encode("utf-8"), PC)
    time.sleep(1)
sock.close()
