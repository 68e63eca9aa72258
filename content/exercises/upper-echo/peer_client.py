# 参考客户端：发中文和英文，打印每个回复 / reference client: sends Chinese and English, prints each reply
import socket

SERVER = ("192.168.3.14", 9000)
LINES = ["hello vvboard", "udp 很快", "你好，虚谷号 ok"]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
for line in LINES:
    sock.sendto(line.encode("utf-8"), SERVER)
    try:
        data, _ = sock.recvfrom(1024)
        print("reply:", data.decode("utf-8", "replace"))
    except socket.timeout:
        print("no reply to:", line)
sock.close()
