# 应用层先把文字编码成字节，再交给传输层（套接字）
# the application layer encodes its text to bytes first, then hands them to the transport layer (the socket)
import socket

VVBOARD = ("192.168.1.23", 6000)
message = "温度=23.5"  # 应用层的文字 / the application's text

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.sendto(message.encode("utf-8"), VVBOARD)  # 11 个字节 / 11 bytes
sock.close()
