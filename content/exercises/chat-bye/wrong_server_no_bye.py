# 服务器不检查 bye，一直等下去 / the server never checks for bye and waits for ever
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", 9999))
print("聊天服务器已就绪，端口", 9999)
while True:
    data, peer = server.recvfrom(1024)
    print("客户端说：" + data.decode("utf-8"))
    reply = input("回复客户端：")
    server.sendto(reply.encode("utf-8"), peer)
