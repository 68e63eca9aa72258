# 轮流聊天·服务器端，TCP 版：先接受连接，客户端先说；任一方说 bye 就结束
# Turn-taking chat, server side, over TCP: accept, the client speaks first; "bye" ends it
import socket

PORT = 9999
BYE = "bye"

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", PORT))
server.listen(1)
print("TCP 聊天服务器已就绪，端口", PORT)
conn, peer = server.accept()  # 只和这一个客户端聊 / one client only
print(f"客户端 {peer[0]}:{peer[1]} 连上了")

while True:
    data = conn.recv(1024)  # 等对方 / their turn
    if not data:  # b''：对方关闭了连接 / the peer closed the connection
        print("客户端关闭了连接，聊天结束。")
        break
    text = data.decode("utf-8", "replace")
    if text == BYE:
        print("客户端说了 bye，聊天结束。")
        break
    print(f"客户端说：{text}")

    reply = ""
    while not reply:  # 空消息不发 / skip empty
        reply = input("回复客户端：")
    conn.sendall(reply.encode("utf-8"))
    if reply == BYE:
        print("你说了 bye，聊天结束。")
        break

conn.close()
server.close()
