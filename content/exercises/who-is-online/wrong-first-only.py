# 只收了第一个回复 / takes the first answer only
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
sock.settimeout(1)
sock.sendto("谁在线？".encode("utf-8"), ("192.168.0.255", 7000))
data, sender = sock.recvfrom(64)
print("found 1: %s" % sender[0])
