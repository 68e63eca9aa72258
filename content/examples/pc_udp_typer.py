# 电脑上的 UDP 发送端：你输入一行，它就作为一个数据报寄给掌控板
# UDP sender on the PC: each line you type goes to the board as one datagram
import socket

BOARD_ADDR = ("192.168.0.2", 6000)  # 看 OLED 第一行 / see OLED

tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print("type a line and press Enter; an empty line ends")
while True:
    text = input("> ")
    if not text:  # 空行结束 / empty line: stop
        break
    sent = tx.sendto(text.encode("utf-8"), BOARD_ADDR)
    print(f"sent {sent} bytes to {BOARD_ADDR[0]}")
tx.close()
