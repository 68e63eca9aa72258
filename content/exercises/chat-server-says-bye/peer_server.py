# 参考聊天服务器：回答第一句，第二句时说 bye / reference chat server: answers the first line, says bye to the second
import socket

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", 9999))
replies = ["你好，我是服务器。", "bye"]
for reply in replies:
    data, peer = server.recvfrom(1024)
    print("客户端说：" + data.decode("utf-8", "replace"))
    server.sendto(reply.encode("utf-8"), peer)
print("服务器说了 bye，聊天结束。")
server.close()
