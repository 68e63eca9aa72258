# 参考服务器：打印收到的内容和来源端口，回复 "收到" / reference server: prints what came and from which port, answers
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
try:
    while True:
        data, client = srv.recvfrom(1024)
        print("got %r from port %d" % (data.decode("utf-8", "replace"), client[1]))
        srv.sendto("收到 / got it".encode("utf-8"), client)
except KeyboardInterrupt:
    pass
finally:
    srv.close()
