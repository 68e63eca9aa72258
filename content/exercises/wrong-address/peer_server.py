# 虚谷号上的参考服务器：在 6000 端口收信，回答“收到” / reference server on the vvBoard: port 6000, answers 收到
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 6000))
try:
    while True:
        data, client = srv.recvfrom(1024)
        print("got %r from %s" % (data.decode("utf-8", "replace"), client[0]))
        srv.sendto("收到".encode("utf-8"), client)
except KeyboardInterrupt:
    pass
finally:
    srv.close()
