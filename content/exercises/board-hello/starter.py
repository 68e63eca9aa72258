# 掌控板作 UDP 客户端：给电脑发三行字 / the board as a UDP client: three lines for the PC
from mpython import *
import socket
import time

PC = ("192.168.0.3", 6000)  # 电脑的 IP 和端口 / the PC's IP and port

# TODO: 连上 Wi-Fi（SSID "ssid"，密码 "password"）/ join the Wi-Fi (SSID "ssid", password "password")
# TODO: 每秒发一行 "掌控板 1"、"掌控板 2"、"掌控板 3" 给电脑，然后断开 Wi-Fi
#       send "掌控板 1", "掌控板 2", "掌控板 3" to the PC, one a second, then leave the Wi-Fi
