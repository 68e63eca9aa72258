# 回复到固定的端口 9000，而不是客户端用的端口 / replies to port 9000 instead of the client's port
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
data, client = srv.recvfrom(1024)
srv.sendto(("你是 %s:%d" % client).encode("utf-8"), (client[0], 9000))
srv.close()
