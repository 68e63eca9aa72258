# 没有打开 SO_BROADCAST / never turns SO_BROADCAST on
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
sock.sendto("谁在线？".encode("utf-8"), ("192.168.0.255", 7000))
found = []
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:
        break
    found.append(sender[0])
found.sort()
print("found %d: %s" % (len(found), ", ".join(found)))
