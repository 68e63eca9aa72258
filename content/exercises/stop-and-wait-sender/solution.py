# 停等协议的发送方：发一条，等它的 ACK，等不到就重发
# a stop-and-wait sender: send one, wait for its ACK, resend if none comes
import socket

RECEIVER = ("192.168.0.20", 7000)
MESSAGES = ["第一条", "第二条", "第三条", "第四条", "第五条"]
WAIT = 0.5  # 等 ACK 的秒数 / seconds to wait for an ACK
MAX_SENDS = 8  # 每条最多发几次 / sends per message at most

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(WAIT)
for seq, text in enumerate(MESSAGES):
    packet = ("%d|%s" % (seq, text)).encode("utf-8")
    for attempt in range(MAX_SENDS):
        sock.sendto(packet, RECEIVER)
        try:
            data, sender = sock.recvfrom(64)
        except socket.timeout:
            print("seq", seq, "no ACK, resend")
            continue
        if data == b"ACK %d" % seq:  # 正是这条的 ACK / this message's own ACK
            print("seq", seq, "ACK")
            break
    else:
        print("seq", seq, "gave up")
        break
sock.close()
