# 端口改对了，IP 还是 127.0.0.1：那是电脑自己 / the port is right now, the IP is still 127.0.0.1: the PC itself
import socket

SERVER = ("127.0.0.1", 6000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sock.sendto("你好".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("reply:", data.decode("utf-8"))
except socket.timeout:
    print("no reply")
sock.close()
