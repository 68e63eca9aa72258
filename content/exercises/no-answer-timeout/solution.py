# 服务器没开的时候，客户端也要能结束 / the client must end even when no server is running
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sock.sendto("在吗？".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("answer:", data.decode("utf-8"))
except socket.timeout:
    print("no answer within 1 s")
sock.close()
