# 参考发送方：给掌控板发两行字 / reference sender: two lines for the board
import socket
import time

BOARD = ("192.168.0.2", 6000)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for text in ["你好，掌控板", "hello board"]:
    sock.sendto(text.encode("utf-8"), BOARD)
    print("sent", text)
    time.sleep(1)
sock.close()
