# 已知错误：不看网络，直接写出答案 / known wrong: writes the answer without reading the network
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", 9000))
import time
time.sleep(0.5)
s.sendto("你是 192.168.0.5:5005".encode(), ("192.168.0.5", 5005))
