# 没有 connect() 的 UDP 套接字：Linux 上只能等到超时
# An unconnected UDP socket: on Linux it can only time out
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(b"anyone there?", ("127.0.0.1", 9999))
try:
    s.recvfrom(1024)
except socket.timeout:
    print("no reply within 2 s")  # Windows: ConnectionResetError
s.close()
