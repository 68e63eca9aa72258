# 发三个 ping，每个最多等 1 秒：等到了打印 reply，等不到就打印 lost
# send three pings, wait at most 1 s for each: print reply if it comes, lost if not
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # UDP 可能丢包：最多等 1 秒 / UDP may lose it: wait at most 1 s
for n in range(1, 4):
    sock.sendto(("ping %d" % n).encode("utf-8"), SERVER)
    try:
        data, addr = sock.recvfrom(1024)
        print("reply", n)
    except socket.timeout:
        print("lost", n)
sock.close()
