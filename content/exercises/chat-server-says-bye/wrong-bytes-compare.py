# 拿字节和字符串比较：b"bye" == "bye" 永远是 False / compares bytes with a str: b"bye" == "bye" is always False
import socket

SERVER_ADDR = ("192.168.10.108", 9999)
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    message = input("发给服务器：")
    client.sendto(message.encode("utf-8"), SERVER_ADDR)
    if message == "bye":
        break
    data, peer = client.recvfrom(1024)
    if data == "bye":
        print("服务器说了 bye，聊天结束。")
        break
    print("服务器说：" + data.decode("utf-8"))
client.close()
