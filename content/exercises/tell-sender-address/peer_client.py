# 参考客户端：从 5005 端口问一句，打印回复 / reference client: asks from port 5005, prints the reply
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 5005))
sock.settimeout(2)
sock.sendto("我是谁？".encode("utf-8"), ("192.168.0.3", 9000))
try:
    data, server = sock.recvfrom(1024)
    print("reply:", data.decode("utf-8", "replace"))
except socket.timeout:
    print("no reply")
sock.close()
