# 接收三个数据报，每行打印“发送方的 IP:端口 内容” / receive three datagrams, print "sender IP:port text" for each
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
for i in range(3):
    data, addr = sock.recvfrom(1024)  # 返回二元组：(数据, (IP, 端口)) / a pair: (data, (IP, port))
    print("%s:%d %s" % (addr[0], addr[1], data.decode("utf-8")))
sock.close()
