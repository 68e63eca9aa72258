# 只改了 sendto，bind 还是两个参数 / fixed sendto only, bind still gets two arguments
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind("", 9001)
sock.settimeout(2)
sock.sendto("你好，服务器".encode("utf-8"), SERVER)
data, addr = sock.recvfrom(1024)
print("reply:", data.decode("utf-8"))
sock.close()
