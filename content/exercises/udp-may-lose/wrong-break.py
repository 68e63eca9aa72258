# 丢了一个就整个放弃，后面的 ping 都不发了 / gives up at the first loss: the later pings are never sent
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
for n in range(1, 4):
    sock.sendto(("ping %d" % n).encode("utf-8"), SERVER)
    try:
        data, addr = sock.recvfrom(1024)
        print("reply", n)
    except socket.timeout:
        print("lost", n)
        break
sock.close()
