# 参考传感器：每 5 毫秒发一个带序号的读数，最后发几次 end / reference sensor: a numbered reading every 5 ms, then a few "end"s
import socket
import time

RECEIVER = ("192.168.0.3", 9000)
COUNT = 20

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for seq in range(1, COUNT + 1):
    sock.sendto(("%d,%.1f" % (seq, 20 + seq / 10)).encode("utf-8"), RECEIVER)  # 序号,温度 / seq,temperature
    time.sleep(0.005)
for _ in range(5):
    sock.sendto(b"end", RECEIVER)
    time.sleep(0.005)
print("sent", COUNT, "readings")
sock.close()
