# 教室局域网里的“陌生人”：发来的字节不是 UTF-8 文字
# A stranger on the classroom LAN: sends bytes that are not UTF-8 text
import socket
import time

BOARD_ADDR = ("192.168.0.2", 6000)  # 掌控板服务器 / the board's server

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(bytes([0xFF, 0xFE, 0x41, 0x42]), BOARD_ADDR)  # 4 个字节 / 4 bytes
print("sent 4 bytes that are not UTF-8")
time.sleep(2)  # 看一眼屏幕 / look at the OLED
s.sendto("still there?".encode("utf-8"), BOARD_ADDR)  # 服务器还在吗 / still alive?
print("sent: still there?")
s.close()
