# TCP 回声客户端：连接，分三次发送，再收回全部字节
# TCP echo client: connects, sends three times, then reads every byte back
import socket
import time

SERVER_ADDR = ("192.168.0.3", 8000)
MESSAGES = [b"msg 1;", b"msg 2;", b"msg 3;"]

start = time.monotonic()
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(SERVER_ADDR)  # 三次握手 / three-way handshake
print("已连接 %s:%d，用了 %.1f 秒" % (SERVER_ADDR + (time.monotonic() - start,)))

for message in MESSAGES:
    client.sendall(message)  # 三次 send / three sends
    print("send", message)

expected = b"".join(MESSAGES)
echoed = b""
while len(echoed) < len(expected):
    data = client.recv(1024)
    if not data:  # 服务器关闭了连接 / the server closed
        print("服务器关闭了连接")
        break
    print("recv 收到", len(data), "字节：", data)
    echoed += data

client.close()  # FIN：四次挥手 / four-way teardown
print("原样收回：%s，共 %.1f 秒" % (echoed == expected, time.monotonic() - start))
