# 只改了 bind，还在发字符串 / fixed bind only, still sends a str
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9001))
sock.settimeout(2)
sock.sendto("你好，服务器", SERVER)
data, addr = sock.recvfrom(1024)
print("reply:", data.decode("utf-8"))
sock.close()
