# 客户端发了 bye 还在等回复 / the client sends bye, then still waits for a reply
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    message = input("发给服务器：")
    client.sendto(message.encode("utf-8"), SERVER_ADDR)
    data, peer = client.recvfrom(1024)
    reply = data.decode("utf-8")
    if reply == "bye":
        break
    print("服务器说：" + reply)
client.close()
