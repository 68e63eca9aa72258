# 虚谷号上的大写回声服务器 / upper-case echo server on the vvBoard
import socket

PORT = 9000

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# TODO 1: 绑定到所有网卡的 9000 端口 / bind to port 9000 on all interfaces
# TODO 2: 循环：收一个数据报，把文字变成大写，发回给发送方
#         loop: receive a datagram, upper-case its text, send it back to the sender
