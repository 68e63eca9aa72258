# 一直收下去，不知道什么时候该停 / keeps receiving, never knows when to stop
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
sock.sendto("谁在线？".encode("utf-8"), ("192.168.0.255", 7000))
found = []
while len(found) < 10:
    data, sender = sock.recvfrom(64)
    found.append(sender[0])
print("found %d: %s" % (len(found), ", ".join(found)))
