# 轮流聊天·客户端：bye 让双方都结束 / turn-taking chat, client side: bye ends both sides
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
BYE = "bye"

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    message = input("发给服务器：")
    client.sendto(message.encode("utf-8"), SERVER_ADDR)
    if message == BYE:  # 先发出去，对方才知道 / send it first, so the other side knows
        print("你说了 bye，聊天结束。")
        break
    data, peer = client.recvfrom(1024)
    reply = data.decode("utf-8")
    if reply == BYE:
        print("服务器说了 bye，聊天结束。")
        break
    print("服务器说：" + reply)

client.close()
