# 原样回送，忘了变大写 / echoes as it is: forgot to upper-case
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
while True:
    data, client = srv.recvfrom(1024)
    srv.sendto(data, client)
