# 电脑上的 UDP 发送端：给掌控板服务器发几条消息（含中文）
# UDP sender on the PC: a few messages, Chinese too, to the board
import socket
import time

BOARD_ADDR = ("192.168.0.2", 6000)  # 看 OLED 第一行 / see OLED
MESSAGES = ["hello board", "你好，掌控板", "UDP 真简单"]

tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for text in MESSAGES:
    raw = text.encode("utf-8")  # 文字 → 字节 / text to bytes
    sent = tx.sendto(raw, BOARD_ADDR)
    print(f"sent {sent} bytes ({len(text)} characters): {text}")
    time.sleep(1)  # 留时间看清屏幕 / time to read the OLED
tx.close()
