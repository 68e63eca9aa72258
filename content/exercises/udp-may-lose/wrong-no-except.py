# 设了超时，却没有接住超时异常 / sets a timeout but never catches it
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
for n in range(1, 4):
    sock.sendto(("ping %d" % n).encode("utf-8"), SERVER)
    data, addr = sock.recvfrom(1024)
    print("reply", n)
sock.close()
