# 停等协议的接收方：每收到一条就回 ACK，重复的只回 ACK 不再交付
# Stop-and-wait receiver: ACKs every message, delivers each sequence number once
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 7000))
sock.settimeout(1)  # 短超时，Ctrl-C 在 Windows 上也管用 / short, so Ctrl-C works on Windows
expected = 0  # 下一个要交付的序号 / next sequence number to deliver
print("receiver on port 7000")
try:
    while True:
        try:
            data, sender = sock.recvfrom(1024)
        except socket.timeout:
            continue
        seq_text, _, text = data.decode("utf-8", "replace").partition("|")
        if not seq_text.isdigit():
            continue  # 不是我们的格式 / not our format
        seq = int(seq_text)
        sock.sendto(b"ACK %d" % seq, sender)  # 每次都回 ACK / always ACK
        if seq == expected:
            print("deliver", seq, text)
            expected += 1
        else:
            print("duplicate", seq, "- ACK again, not delivered")
except KeyboardInterrupt:
    print("stopped,", expected, "messages delivered")
sock.close()
