# connect() 过的 UDP 套接字会听到“端口不可达”（Linux）
# A connected UDP socket hears "port unreachable" (Linux)
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("127.0.0.1", 9999))  # 9999 上没有程序 / nobody on 9999
s.send(b"anyone there?")
try:
    s.recv(1024)
except ConnectionRefusedError as e:  # Linux 报 / Linux reports it
    print("recv raised", repr(e))
s.close()
