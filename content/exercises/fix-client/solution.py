# 改好的客户端 / the fixed client
import socket

SERVER = ("192.168.0.3", 9000)  # 服务器 / the server

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9001))  # 一个参数：(IP, 端口) 元组 / one argument: the (IP, port) tuple
sock.settimeout(2)
sock.sendto("你好，服务器".encode("utf-8"), SERVER)  # 发送字节 / send bytes
data, addr = sock.recvfrom(1024)
print("reply:", data.decode("utf-8"))
sock.close()
