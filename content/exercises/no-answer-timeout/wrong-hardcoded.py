# 已知错误：不看网络，直接写出答案 / known wrong: writes the answer without reading the network
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto("在吗？".encode(), ("192.168.0.3", 9000))
print("no answer within 1 s")
