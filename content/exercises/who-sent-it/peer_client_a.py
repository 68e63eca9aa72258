# 参考客户端 A：从 40001 端口发两条 / reference client A: two datagrams from port 40001
import socket
import time

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 40001))
time.sleep(0.5)
sock.sendto("你好".encode("utf-8"), ("192.168.0.3", 9000))
time.sleep(0.4)
sock.sendto("再见".encode("utf-8"), ("192.168.0.3", 9000))
print("sent 2")
sock.close()
