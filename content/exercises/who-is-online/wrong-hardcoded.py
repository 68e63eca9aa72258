# 已知错误：不看网络，直接写出答案 / known wrong: writes the answer without reading the network
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.sendto("谁在线？".encode(), ("192.168.0.255", 7000))
print("found 3: 192.168.0.9, 192.168.0.14, 192.168.0.21")
