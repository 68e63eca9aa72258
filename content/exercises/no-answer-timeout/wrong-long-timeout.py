# 超时设得太长：10 秒 / the timeout is far too long: 10 s
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(10)
sock.sendto("在吗？".encode("utf-8"), ("192.168.0.3", 9000))
try:
    data, addr = sock.recvfrom(1024)
    print("answer:", data.decode("utf-8"))
except socket.timeout:
    print("no answer within 1 s")
sock.close()
