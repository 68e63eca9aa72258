# Windows 电脑上的客户端：超时和 [WinError 10054] 都接住
# a client on a Windows PC: catch the timeout and [WinError 10054] alike
import socket

SERVER = ("192.168.0.3", 9000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)  # 最多等 1 秒 / wait at most 1 s
sock.sendto("在吗？".encode("utf-8"), SERVER)
try:
    data, addr = sock.recvfrom(1024)
    print("answer:", data.decode("utf-8"))
except OSError:  # socket.timeout 和 ConnectionResetError 都是 OSError / both are OSError
    print("no answer")
sock.close()
