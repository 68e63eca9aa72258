# 告诉客户端它的地址 / tell the client its own address
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
print("server on port 9000")
data, client = srv.recvfrom(1024)  # client = (IP, 端口) / (IP, port)
ip, port = client
srv.sendto(("你是 %s:%d" % (ip, port)).encode("utf-8"), client)  # 回给发送方 / back to the sender
srv.close()
