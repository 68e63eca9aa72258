# 轮流聊天·服务器端：客户端先说，你再回复；任一方说 bye 就结束
# Turn-taking chat, server side; "bye" from either side ends it
import socket

PORT = 9999
BYE = "bye"

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", PORT))
print("聊天服务器已就绪，端口", PORT)

while True:
    data, peer = server.recvfrom(1024)  # 等对方 / their turn
    text = data.decode("utf-8", "replace")  # 坏字节变 � / bad bytes become �
    if text == BYE:
        print("客户端说了 bye，聊天结束。")
        break
    print(f"客户端 {peer[0]}:{peer[1]} 说：{text}")

    reply = ""
    while not reply:  # 空消息不发 / skip empty
        reply = input("回复客户端：")
    server.sendto(reply.encode("utf-8"), peer)
    if reply == BYE:  # 对方正在等 / they are waiting
        print("你说了 bye，聊天结束。")
        break

server.close()
