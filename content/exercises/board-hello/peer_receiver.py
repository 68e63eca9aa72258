# 电脑上的参考接收方：打印收到的每一行 / reference receiver on the PC: prints every line that arrives
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 6000))
try:
    while True:
        data, sender = sock.recvfrom(1024)
        print("got", data.decode("utf-8", "replace"), "from", sender[0])
except KeyboardInterrupt:
    pass
finally:
    sock.close()
