# 接住的是 Linux 上 connect() 过的套接字才会收到的错误
# catches the error Linux gives a connected socket, not the one Windows gives
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
sock.sendto("在吗？".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("answer:", data.decode("utf-8"))
except (socket.timeout, ConnectionRefusedError):
    print("no answer")
sock.close()
