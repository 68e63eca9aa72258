# 服务器没开的时候，客户端也要能结束 / the client must end even when no server is running
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.sendto("在吗？".encode("utf-8"), SERVER)
data, addr = sock.recvfrom(1024)  # TODO: 最多等 1 秒 / wait at most 1 s
print("answer:", data.decode("utf-8"))
sock.close()
