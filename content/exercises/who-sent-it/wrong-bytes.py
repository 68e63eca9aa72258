# 内容没有解码：打印出 b'\xe4\xbd\xa0\xe5\xa5\xbd' / the text is not decoded
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
for i in range(3):
    data, addr = sock.recvfrom(1024)
    print("%s:%d %s" % (addr[0], addr[1], data))
sock.close()
