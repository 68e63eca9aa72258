# 把 bye 当普通回复打印，然后接着等 / prints bye like any reply and keeps waiting
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    message = input("发给服务器：")
    client.sendto(message.encode("utf-8"), SERVER_ADDR)
    if message == "bye":
        break
    data, peer = client.recvfrom(1024)
    print("服务器说：" + data.decode("utf-8"))
client.close()
