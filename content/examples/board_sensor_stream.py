# 掌控板：每 20 毫秒把一个带序号的光线读数发给电脑
# mPython board: sends a numbered light reading to the PC every 20 ms
from mpython import *
import socket

PC_ADDR = ("192.168.0.3", 6100)
COUNT = 50

net = wifi()
net.connectWiFi("ssid", "password")  # 改成你的 / use yours

udp = None
try:
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for seq in range(COUNT):
        reading = "%d,%d" % (seq, light.read())  # 序号,读数 / seq,reading
        udp.sendto(reading.encode(), PC_ADDR)
        sleep_ms(20)
    print("sent", COUNT, "readings")
except KeyboardInterrupt:
    print("stopped by user")
finally:
    if udp is not None:
        udp.close()
    net.disconnectWiFi()
