# 掌控板作 UDP 客户端：每 2 秒向电脑发一行问候
# mPython board as a UDP client: greets the PC every 2 seconds
from mpython import *
import socket

PC_ADDR = ("192.168.0.3", 6000)  # 电脑的地址 / the PC
GREETING = b"hello from mPython\r\n"

net = wifi()
net.connectWiFi("ssid", "password")  # 改成你的 / use yours

udp = None  # 在 try 之前定义 / defined before try
try:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    while True:
        udp.sendto(GREETING, PC_ADDR)  # 带着目的地 / addressed
        sleep(2)
except KeyboardInterrupt:
    print("stopped by user")
finally:
    # 无论怎样结束都收拾干净 / clean up however the loop ended
    if udp is not None:
        udp.close()
    net.disconnectWiFi()
