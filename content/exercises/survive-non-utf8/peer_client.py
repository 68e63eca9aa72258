# 参考客户端：发一句 UTF-8，等 ok / reference client: one UTF-8 line, waits for ok
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
sock.sendto("你好，服务器".encode("utf-8"), ("192.168.3.14", 9000))
try:
    data, _ = sock.recvfrom(1024)
    print("reply:", data.decode("utf-8", "replace"))
except socket.timeout:
    print("no reply")
sock.close()
