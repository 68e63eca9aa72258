# 数一数丢了几个、乱序了几个 / count the lost and the reordered readings
import socket

COUNT = 20

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
sock.settimeout(2)
seen = set()
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
    if seq < highest:  # 比已经收到的更早：乱序 / older than one already received: reordered
        reordered += 1
    highest = max(highest, seq)
    seen.add(seq)
print("received %d, lost %d, reordered %d" % (len(seen), COUNT - len(seen), reordered))
sock.close()
