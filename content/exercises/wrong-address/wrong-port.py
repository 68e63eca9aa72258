# IP 改对了，端口还是 6001 / the IP is right now, the port is still 6001
import socket

SERVER = ("192.168.1.23", 6001)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sock.sendto("你好".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("reply:", data.decode("utf-8"))
except socket.timeout:
    print("no reply")
sock.close()
