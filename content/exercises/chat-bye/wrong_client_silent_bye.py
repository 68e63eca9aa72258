# 客户端说 bye 时没发出去就走了 / the client leaves on bye without sending it
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    message = input("发给服务器：")
    if message == "bye":
        print("你说了 bye，聊天结束。")
        break
    client.sendto(message.encode("utf-8"), SERVER_ADDR)
    data, peer = client.recvfrom(1024)
    print("服务器说：" + data.decode("utf-8"))
client.close()
