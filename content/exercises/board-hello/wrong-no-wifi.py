# 忘了连 Wi-Fi / forgot to join the Wi-Fi
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(1, 4):
    sock.sendto(("掌控板 %d" % n).encode("utf-8"), PC)
    time.sleep(1)
sock.close()
