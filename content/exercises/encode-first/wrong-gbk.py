# 编码了，可是用的是 GBK，接收方按 UTF-8 解码就成了乱码 / encodes, but as GBK: the UTF-8 receiver sees garbage
import socket

VVBOARD = ("192.168.1.23", 6000)
message = "温度=23.5"

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.sendto(message.encode("gbk"), VVBOARD)
sock.close()
