# 改了编号，却还是没连 Wi-Fi / fixed the numbers, still not on the Wi-Fi
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(1, 6):
    sock.sendto(("reading %d" % n).encode("utf-8"), PC)
    time.sleep(1)
sock.close()
