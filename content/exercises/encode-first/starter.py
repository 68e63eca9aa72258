# 把“温度=23.5”发给虚谷号。运行一下，看看传输层为什么不肯收
# send "温度=23.5" to the vvBoard; run it and see why the transport layer refuses it
import socket

VVBOARD = ("192.168.1.23", 6000)
message = "温度=23.5"  # 应用层的文字 / the application's text

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.sendto(message, VVBOARD)
sock.close()
