# 还是用一个变量接 recvfrom 的返回值 / still takes recvfrom's result in one name
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
for i in range(3):
    data = sock.recvfrom(1024)
    print(data[1], data.decode("utf-8"))
sock.close()
