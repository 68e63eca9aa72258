# 掌控板：忙 2 秒不读套接字，再看看队列里留下了几个数据报
# mPython board: busy for 2 s without reading, then sees how many datagrams waited
from mpython import *
import socket

net = wifi()
net.connectWiFi("ssid", "password")  # 改成你的 / use yours

sock = None
try:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("", 6200))
    print("bound to port 6200, busy for 2 s")
    sleep(2)  # 忙别的，不读 / busy elsewhere, not reading
    sock.settimeout(0.5)
    got = []
    while True:
        try:
            data, sender = sock.recvfrom(64)
        except OSError:  # ETIMEDOUT：队列空了 / the queue is empty
            break
        got.append(data)  # 收到的字节 / the bytes received
    print("read", len(got), "datagrams:", got)
except KeyboardInterrupt:
    print("stopped by user")
finally:
    if sock is not None:
        sock.close()
    net.disconnectWiFi()
