# 用 bytes() 转换，却没说用哪种编码 / converts with bytes() but names no encoding
import socket

VVBOARD = ("192.168.1.23", 6000)
message = "温度=23.5"

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.sendto(bytes(message), VVBOARD)
sock.close()
