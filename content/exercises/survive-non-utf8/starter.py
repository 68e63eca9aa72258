# 收到不是 UTF-8 的数据报也不能崩溃 / a server that survives a datagram that is not UTF-8
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
print("server on port 9000")

while True:
    data, client = srv.recvfrom(1024)
    text = data.decode("utf-8")  # TODO: 别人发来的字节不一定是 UTF-8 / a stranger's bytes may not be UTF-8
    print(client, "->", text)
    srv.sendto(b"ok", client)
