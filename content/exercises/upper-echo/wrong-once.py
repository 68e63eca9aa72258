# 只回答一次就结束了 / answers once, then ends
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
data, client = srv.recvfrom(1024)
srv.sendto(data.decode("utf-8").upper().encode("utf-8"), client)
srv.close()
