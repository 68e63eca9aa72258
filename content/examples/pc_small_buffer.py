# 缓冲区太小、对方端口没人：同一段程序在 Linux 和 Windows 上结果不同
# A buffer too small, a port nobody listens on: one program, two systems
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", 6000))
s.settimeout(8)
for i in range(2):
    try:
        data, addr = s.recvfrom(8)  # 只收 8 个字节 / room for 8 bytes only
        print("got", data, "from", addr)
    except OSError as e:
        print(type(e).__name__ + ":", e)

s.sendto(b"anyone?", ("192.168.0.2", 7777))  # 掌控板上 7777 没人听 / nobody there
try:
    s.recvfrom(1024)
except OSError as e:
    print(type(e).__name__ + ":", e)
s.close()
