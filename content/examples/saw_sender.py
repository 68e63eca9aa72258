# 停等协议的发送方：每条消息带序号，等到 ACK 才发下一条，超时就重发
# Stop-and-wait sender: numbered messages, the next only after an ACK, resend on timeout
import socket

RECEIVER = ("192.168.0.20", 7000)
MESSAGES = ["one", "two", "three", "four", "five"]
TIMEOUT = 0.5  # 等 ACK 的时间 / how long to wait for the ACK
TRIES = 8  # 最多发几次 / attempts before giving up

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(TIMEOUT)
sent = 0
for seq, text in enumerate(MESSAGES):
    packet = ("%d|%s" % (seq, text)).encode("utf-8")  # 序号|内容 / seq|text
    for attempt in range(1, TRIES + 1):
        sock.sendto(packet, RECEIVER)
        sent += 1
        try:
            data, _ = sock.recvfrom(64)
        except socket.timeout:
            print("seq", seq, "try", attempt, ": no ACK, resend")
            continue
        if data == b"ACK %d" % seq:
            print("seq", seq, "try", attempt, ": ACK")
            break
        # 旧的 ACK（重复）：不算 / an old, duplicate ACK: ignore it
        print("seq", seq, "try", attempt, ": got", data, "- ignored")
    else:
        print("seq", seq, ": gave up after", TRIES, "tries")
        break
print(len(MESSAGES), "messages,", sent, "datagrams sent")
sock.close()
