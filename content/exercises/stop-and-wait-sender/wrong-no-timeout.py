# 等 ACK 时没有超时：ACK 一丢，就永远等下去 / waits for the ACK without a timeout: one lost ACK and it waits for ever
import socket

RECEIVER = ("192.168.0.20", 7000)
MESSAGES = ["第一条", "第二条", "第三条", "第四条", "第五条"]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for seq, text in enumerate(MESSAGES):
    packet = ("%d|%s" % (seq, text)).encode("utf-8")
    while True:
        sock.sendto(packet, RECEIVER)
        data, sender = sock.recvfrom(64)
        if data == b"ACK %d" % seq:
            break
sock.close()
