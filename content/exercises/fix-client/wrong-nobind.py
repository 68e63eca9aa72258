# 删掉了 bind：能收发，但不是从 9001 端口发的 / dropped bind: works, but not from port 9001
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
sock.sendto("你好，服务器".encode("utf-8"), SERVER)
data, addr = sock.recvfrom(1024)
print("reply:", data.decode("utf-8"))
sock.close()
