# 这封“信”的地址写错了：服务器在虚谷号 192.168.1.23 上，端口 6000
# this letter has the wrong address: the server runs on the vvBoard 192.168.1.23, port 6000
import socket

SERVER = ("127.0.0.1", 6001)  # (IP 地址, 端口)：改这一行 / (IP address, port): fix this line

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sock.sendto("你好".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("reply:", data.decode("utf-8"))
except socket.timeout:
    print("no reply")
sock.close()
