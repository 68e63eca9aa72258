# 有超时，但不重发：丢了就跳过 / a timeout, but no retry: a lost ping is skipped
import socket
import time

SERVER = ("192.168.3.14", 9000)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
sent = 0
rtts = []
for seq in range(1, 6):
    start = time.time()
    sock.sendto(("ping %d" % seq).encode("utf-8"), SERVER)
    sent += 1
    try:
        data, _ = sock.recvfrom(1024)
    except socket.timeout:
        print("lost", seq)
        continue
    rtt = (time.time() - start) * 1000
    rtts.append(rtt)
    print("reply %d rtt %.1f ms" % (seq, rtt))
loss = round(100 * (sent - len(rtts)) / sent)
print("sent %d, received %d, loss %d%%" % (sent, len(rtts), loss))
