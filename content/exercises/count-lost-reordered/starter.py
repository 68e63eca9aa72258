# 数一数丢了几个、乱序了几个 / count the lost and the reordered readings
import socket

COUNT = 20  # 传感器一共发 20 个读数 / the sensor sends 20 readings

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
sock.settimeout(2)
# TODO: 收 "序号,温度" 直到 "end"（或 2 秒没有数据）；数出收到的、丢失的、乱序的
#       receive "seq,temperature" until "end" (or 2 s of silence); count received, lost, reordered
# TODO: print("received %d, lost %d, reordered %d" % (received, lost, reordered))
sock.close()
