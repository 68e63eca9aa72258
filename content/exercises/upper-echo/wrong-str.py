# 把字符串直接交给 sendto / hands a str to sendto
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
while True:
    data, client = srv.recvfrom(1024)
    srv.sendto(data.decode("utf-8").upper(), client)
