# 轮流聊天·客户端，TCP 版：先连接，你先说，再等回复；任一方说 bye 就结束
# Turn-taking chat, client side, over TCP: connect, you speak first; "bye" ends it
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
BYE = "bye"

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(SERVER_ADDR)  # 三次握手；没人在听就是 ConnectionRefusedError / refused if nobody listens
print("已连上 %s:%d，输入 bye 结束" % SERVER_ADDR)

while True:
    message = ""
    while not message:  # 空消息不发 / skip empty
        message = input("发给服务器：")
    client.sendall(message.encode("utf-8"))
    if message == BYE:
        print("你说了 bye，聊天结束。")
        client.recv(1024)  # 等服务器先关闭（返回 b''）/ let the server close first (b'')
        break

    data = client.recv(1024)  # 等对方 / their turn
    if not data:  # b''：服务器关闭了连接 / the server closed the connection
        print("服务器关闭了连接，聊天结束。")
        break
    reply = data.decode("utf-8", "replace")
    if reply == BYE:
        print("服务器说了 bye，聊天结束。")
        break
    print(f"服务器说：{reply}")

client.close()
