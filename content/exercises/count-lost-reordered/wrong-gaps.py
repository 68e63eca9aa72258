# 把“序号不连续”都算成乱序：丢包也被算进去了 / counts every gap as reordering: losses count too
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 9000))
sock.settimeout(2)
received = 0
previous = 0
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
    if seq != previous + 1:
        reordered += 1
    previous = seq
    received += 1
print("received %d, lost %d, reordered %d" % (received, 20 - received, reordered))
sock.close()
