# 直接打印地址元组：('192.168.0.5', 40001) 你好 / prints the address tuple as it is
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
for i in range(3):
    data, addr = sock.recvfrom(1024)
    print(addr, data.decode("utf-8"))
sock.close()
