# 电脑上的参考客户端：ping 掌控板三次 / reference client on the PC: pings the board three times
import socket

BOARD = ("192.168.0.2", 6000)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
for n in range(1, 4):
    sock.sendto(("ping %d" % n).encode("utf-8"), BOARD)
    try:
        data, _ = sock.recvfrom(64)
        print("reply:", data.decode("utf-8", "replace"))
    except socket.timeout:
        print("no reply to ping", n)
sock.close()
