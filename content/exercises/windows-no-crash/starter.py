# Windows 电脑上的客户端：那台电脑的 9000 端口没人收信
# a client on a Windows PC: nobody receives on port 9000 over there
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sock.sendto("在吗？".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("answer:", data.decode("utf-8"))
except socket.timeout:  # Linux 上只会超时；Windows 呢？ / Linux only times out; and Windows?
    print("no answer")
sock.close()
