# 对方关闭以后，UDP 这一端几乎什么也不知道
# After the peer closes, the UDP side learns almost nothing
import socket

ADDR = ("127.0.0.1", 8100)

peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
peer.bind(ADDR)
me = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
me.settimeout(1)
peer.close()  # 对方关闭 / the peer closes

# 1. sendto 照常返回，recvfrom 只能等到超时 / sendto returns, recvfrom can only time out
print("1. sendto 返回", me.sendto(b"hello?", ADDR))
try:
    me.recvfrom(1024)
except socket.timeout:
    print("1. recvfrom: 1 秒超时，没有任何消息")

# 2. connect() 过的套接字：对方系统的“端口不可达”变成 ConnectionRefusedError
#    a connected socket: the peer's "port unreachable" becomes ConnectionRefusedError
me.connect(ADDR)
print("2. send 返回", me.send(b"hello?"))
try:
    me.recv(1024)
except ConnectionRefusedError as e:
    print("2. recv:", type(e).__name__, e)
me.close()
