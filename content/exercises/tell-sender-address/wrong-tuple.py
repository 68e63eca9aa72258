# 把元组原样拼进去了 / puts the tuple into the text as it is
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
data, client = srv.recvfrom(1024)
srv.sendto(("你是 " + str(client)).encode("utf-8"), client)
srv.close()
