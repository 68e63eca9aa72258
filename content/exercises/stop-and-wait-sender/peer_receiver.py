# 参考接收方：每收到一条都回 ACK，每个序号只交付一次 / reference receiver: ACKs every copy, delivers each number once
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 7000))
expected = 0  # 下一个要交付的序号 / the next number to deliver
try:
    while True:
        data, sender = sock.recvfrom(1024)
        head, bar, body = data.partition(b"|")
        if not bar or not head.isdigit():
            print("not a message: %r" % data)
            continue
        seq = int(head)
        sock.sendto(b"ACK %d" % seq, sender)  # 重复的也回 ACK / ACK duplicates too
        if seq == expected:
            print("deliver", seq, body.decode("utf-8", "replace"))
            expected += 1
        elif seq < expected:
            print("again", seq, "(ACK only)")
        else:
            print("gap: got", seq, "while waiting for", expected)
except KeyboardInterrupt:
    pass
finally:
    sock.close()
