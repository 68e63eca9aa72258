# 没有超时：一个数据报丢了，就永远等下去 / no timeout: one lost datagram and it waits for ever
import socket
import time

SERVER = ("192.168.3.14", 9000)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sent = 0
rtts = []
for seq in range(1, 6):
    start = time.time()
    sock.sendto(("ping %d" % seq).encode("utf-8"), SERVER)
    sent += 1
    data, _ = sock.recvfrom(1024)
    rtt = (time.time() - start) * 1000
    rtts.append(rtt)
    print("reply %d rtt %.1f ms" % (seq, rtt))
print("sent %d, received %d, loss %d%%" % (sent, len(rtts), 0))
