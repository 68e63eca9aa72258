# 在丢包的网络上 ping 5 次：超时、重发、序号 / five pings over a lossy network: timeout, retry, sequence numbers
import socket
import time

SERVER = ("192.168.3.14", 9000)
COUNT = 5
MAX_SENDS = 25

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sent = 0
rtts = []

for seq in range(1, COUNT + 1):
    while sent < MAX_SENDS:
        start = time.time()
        sock.sendto(("ping %d" % seq).encode("utf-8"), SERVER)
        sent += 1
        try:
            while True:
                data, _ = sock.recvfrom(1024)
                if data.decode("utf-8") == "pong %d" % seq:  # 旧的回复不算 / stale replies do not count
                    break
        except socket.timeout:
            print("timeout", seq)
            continue
        rtt = (time.time() - start) * 1000
        rtts.append(rtt)
        print("reply %d rtt %.1f ms" % (seq, rtt))
        break

loss = round(100 * (sent - len(rtts)) / sent)
print("sent %d, received %d, loss %d%%" % (sent, len(rtts), loss))
if rtts:
    print("rtt min/avg/max = %.1f/%.1f/%.1f ms" % (min(rtts), sum(rtts) / len(rtts), max(rtts)))
sock.close()
