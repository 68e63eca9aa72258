# 错误接住了，却什么也不说
# the error is caught, but nothing is said
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
sock.sendto("在吗？".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("answer:", data.decode("utf-8"))
except OSError:
    pass
sock.close()
