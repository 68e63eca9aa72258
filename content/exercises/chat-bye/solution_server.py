# 轮流聊天·服务器端：bye 让双方都结束 / turn-taking chat, server side: bye ends both sides
import socket

PORT = 9999
BYE = "bye"

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", PORT))
print("聊天服务器已就绪，端口", PORT)

while True:
    data, peer = server.recvfrom(1024)
    text = data.decode("utf-8")
    if text == BYE:
        print("客户端说了 bye，聊天结束。")
        break
    print("客户端说：" + text)
    reply = input("回复客户端：")
    server.sendto(reply.encode("utf-8"), peer)
    if reply == BYE:
        print("你说了 bye，聊天结束。")
        break

server.close()
