# 设了超时，但没有接住 socket.timeout / sets the timeout, but never catches socket.timeout
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
sock.sendto("在吗？".encode("utf-8"), ("192.168.0.3", 9000))
data, addr = sock.recvfrom(1024)
print("answer:", data.decode("utf-8"))
