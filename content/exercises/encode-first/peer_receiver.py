# 虚谷号上的参考接收方：打印收到了几个字节、按 UTF-8 解码是什么
# reference receiver on the vvBoard: prints how many bytes came and what they say as UTF-8
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 6000))
try:
    while True:
        data, sender = sock.recvfrom(1024)
        print("got %d bytes: %s" % (len(data), data.decode("utf-8", "replace")))
except KeyboardInterrupt:
    pass
finally:
    sock.close()
