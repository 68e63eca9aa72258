# 重发了，但不看序号：重复或迟到的旧回复被当成新回复 / retries, but ignores the sequence number
import socket
import time

SERVER = ("192.168.3.14", 9000)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
sent = 0
rtts = []
for seq in range(1, 6):
    while sent < 25:
        start = time.time()
        sock.sendto(("ping %d" % seq).encode("utf-8"), SERVER)
        sent += 1
        try:
            data, _ = sock.recvfrom(1024)  # 任何回复都算 / any reply counts
        except socket.timeout:
            continue
        rtt = (time.time() - start) * 1000
        rtts.append(rtt)
        print("reply %d rtt %.1f ms" % (seq, rtt))
        break
loss = round(100 * (sent - len(rtts)) / sent)
print("sent %d, received %d, loss %d%%" % (sent, len(rtts), loss))
print("rtt min/avg/max = %.1f/%.1f/%.1f ms" % (min(rtts), sum(rtts) / len(rtts), max(rtts)))
