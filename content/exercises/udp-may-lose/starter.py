# 发三个 ping，等每个的回答。网络会丢包：有一个丢了，程序就一直等下去
# send three pings and wait for each answer; the network loses datagrams: lose one and the program waits for ever
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for n in range(1, 4):
    sock.sendto(("ping %d" % n).encode("utf-8"), SERVER)
    data, addr = sock.recvfrom(1024)  # UDP 不保证送到：这里可能永远等不到 / UDP promises nothing: this may wait for ever
    print("reply", n)
sock.close()
