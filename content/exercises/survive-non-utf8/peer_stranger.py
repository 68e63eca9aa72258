# 一个用 GBK 编码的程序（比如 Windows 上的老程序）/ a program that encodes in GBK (say, an old Windows tool)
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.sendto("你好".encode("gbk"), ("192.168.3.14", 9000))
print("sent 你好 in GBK")
sock.close()
