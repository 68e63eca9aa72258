# 轮流聊天·客户端：你先说，再等回复；任一方说 bye 就结束
# Turn-taking chat, client side; "bye" from either side ends it
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
BYE = "bye"

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print("聊天对象 %s:%d，输入 bye 结束" % SERVER_ADDR)

while True:
    message = ""
    while not message:  # 空消息不发 / skip empty
        message = input("发给服务器：")
    client.sendto(message.encode("utf-8"), SERVER_ADDR)
    if message == BYE:  # 对方正在等 / they are waiting
        print("你说了 bye，聊天结束。")
        break

    data, peer = client.recvfrom(1024)  # 等对方 / their turn
    reply = data.decode("utf-8", "replace")
    if reply == BYE:
        print("服务器说了 bye，聊天结束。")
        break
    print(f"服务器 {peer[0]}:{peer[1]} 说：{reply}")

client.close()
