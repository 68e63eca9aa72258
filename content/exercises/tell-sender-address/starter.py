# 告诉客户端它的地址 / tell the client its own address
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
print("server on port 9000")
data, client = srv.recvfrom(1024)
# TODO: 回复 "你是 IP:端口"，例如 "你是 192.168.0.5:5005"，发回给这个客户端
#       reply "你是 IP:port", e.g. "你是 192.168.0.5:5005", to that client
srv.close()
