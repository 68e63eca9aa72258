# 两种套接字：第二个参数决定是 TCP 还是 UDP
# Two kinds of socket: the second argument picks TCP or UDP
import socket

# TCP 套接字：面向连接，要先建立连接才能收发 / connection-oriented
tcp_sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# UDP 套接字：无连接，创建好就能发 / connectionless
udp_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# 不给参数：默认就是 TCP / no arguments: TCP by default
default_sock = socket.socket()

print("tcp_sock:", repr(tcp_sock.type))
print("udp_sock:", repr(udp_sock.type))
print("socket():", repr(default_sock.type))

tcp_sock.close()
udp_sock.close()
default_sock.close()
