# “多发几份总能到一个”：每个 ping 一次发 6 份 / "send six copies, one will get through"
import socket
import time

SERVER = ("192.168.3.14", 9000)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
sent = 0
rtts = []
for seq in range(1, 6):
    while True:
        start = time.time()
        for copy in range(6):
            sock.sendto(("ping %d" % seq).encode("utf-8"), SERVER)
            sent += 1
        try:
            while True:
                data, _ = sock.recvfrom(1024)
                if data.decode("utf-8") == "pong %d" % seq:
                    break
        except socket.timeout:
            continue
        rtt = (time.time() - start) * 1000
        rtts.append(rtt)
        print("reply %d rtt %.1f ms" % (seq, rtt))
        break
loss = round(100 * (sent - len(rtts)) / sent)
print("sent %d, received %d, loss %d%%" % (sent, len(rtts), loss))
print("rtt min/avg/max = %.1f/%.1f/%.1f ms" % (min(rtts), sum(rtts) / len(rtts), max(rtts)))
