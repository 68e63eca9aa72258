# 这个客户端有两个错误，改好它 / this client has two mistakes: fix them
import socket

SERVER = ("192.168.0.3", 9000)  # 服务器 / the server

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind("", 9001)  # 用 9001 端口发送 / send from port 9001
sock.settimeout(2)
sock.sendto("你好，服务器", SERVER)
data, addr = sock.recvfrom(1024)
print("reply:", data.decode("utf-8"))
sock.close()
