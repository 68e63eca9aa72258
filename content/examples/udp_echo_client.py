# UDP 回声客户端：发三个数据报，等回声，最多等 2 秒
# UDP echo client: sends three datagrams, waits at most 2 s for the echoes
import socket
import time

SERVER_ADDR = ("192.168.0.3", 8000)
MESSAGES = [b"msg 1;", b"msg 2;", b"msg 3;"]

start = time.monotonic()
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # 不用连接 / no connection
for message in MESSAGES:
    client.sendto(message, SERVER_ADDR)  # 三次 sendto / three sends
    print("sendto", message)

client.settimeout(2)
echoed = 0
try:
    while echoed < len(MESSAGES):
        data, peer = client.recvfrom(1024)
        print("recvfrom 收到", len(data), "字节：", data)
        echoed += 1
except socket.timeout:
    print("2 秒没有回声，不再等了")

client.close()
print("收回 %d / %d 条，共 %.1f 秒" % (echoed, len(MESSAGES), time.monotonic() - start))
