# 地址写对了：虚谷号的 IP 找到设备，端口 6000 找到服务器程序
# the right address: the vvBoard's IP finds the device, port 6000 finds the server program
import socket

SERVER = ("192.168.1.23", 6000)  # 虚谷号的 IP，服务器的端口 / the vvBoard's IP, the server's port

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sock.sendto("你好".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("reply:", data.decode("utf-8"))
except socket.timeout:
    print("no reply")
sock.close()
