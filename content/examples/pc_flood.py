# 电脑：一口气给掌控板发 20 个数据报
# PC: sends the board 20 datagrams in one go
import socket

BOARD = ("192.168.0.2", 6200)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for seq in range(20):
    sock.sendto(str(seq).encode(), BOARD)  # 不等，不停 / no waiting, no pause
print("sent 20 datagrams")
sock.close()
