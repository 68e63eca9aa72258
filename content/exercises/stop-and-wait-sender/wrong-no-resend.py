# 超时以后没有重发，直接发下一条 / after a timeout it moves on instead of resending
import socket

RECEIVER = ("192.168.0.20", 7000)
MESSAGES = ["第一条", "第二条", "第三条", "第四条", "第五条"]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(0.5)
for seq, text in enumerate(MESSAGES):
    sock.sendto(("%d|%s" % (seq, text)).encode("utf-8"), RECEIVER)
    try:
        data, sender = sock.recvfrom(64)
        print("seq", seq, "ACK")
    except socket.timeout:
        print("seq", seq, "lost")
sock.close()
