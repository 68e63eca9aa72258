# 参考客户端 B：从 40002 端口发一条 / reference client B: one datagram from port 40002
import socket
import time

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 40002))
time.sleep(0.7)
sock.sendto("hello".encode("utf-8"), ("192.168.0.3", 9000))
print("sent 1")
sock.close()
