# 用最后一个序号算丢包：最后几个丢了就数不出来 / counts losses from the last number seen: misses losses at the end
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
sock.settimeout(2)
received = 0
highest = 0
reordered = 0
while True:
    try:
        data, _ = sock.recvfrom(1024)
    except socket.timeout:
        break
    text = data.decode("utf-8")
    if text == "end":
        break
    seq = int(text.split(",")[0])
    if seq < highest:
        reordered += 1
    highest = max(highest, seq)
    received += 1
print("received %d, lost %d, reordered %d" % (received, highest - received, reordered))
sock.close()
