# 电脑上的参考接收方：检查编号是否连续 / reference receiver on the PC: checks that the numbers follow each other
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 6000))
expected = 1
try:
    while True:
        data, sender = sock.recvfrom(1024)
        text = data.decode("utf-8", "replace")
        parts = text.split()
        if len(parts) == 2 and parts[0] == "reading" and parts[1].isdigit():
            n = int(parts[1])
            if n == expected:
                print("reading %d ok" % n)
            else:
                print("reading %d, expected %d" % (n, expected))
            expected = n + 1
        else:
            print("not a reading: %r" % text)
except KeyboardInterrupt:
    pass
finally:
    sock.close()
