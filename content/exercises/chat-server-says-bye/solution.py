# 轮流聊天·客户端：服务器说 bye 时也要结束 / turn-taking chat, client side: end when the server says bye
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
BYE = "bye"

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    message = input("发给服务器：")
    client.sendto(message.encode("utf-8"), SERVER_ADDR)
    if message == BYE:
        break
    data, peer = client.recvfrom(1024)
    reply = data.decode("utf-8")
    if reply == BYE:  # 对方结束了，不会再回复 / the other side is gone: no more replies
        print("服务器说了 bye，聊天结束。")
        break
    print("服务器说：" + reply)
client.close()
