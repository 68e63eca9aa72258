# 电脑：接收带序号的读数，数一数丢了几个、乱序了几个
# PC: receives numbered readings and counts the lost and the reordered ones
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", 6100))
sock.settimeout(1)  # 1 秒没有数据就算结束 / 1 s of silence ends the stream
print("counting readings on port 6100")

highest = -1  # 目前最大的序号 / highest sequence number so far
missing = set()  # 跳过了、还没到的序号 / skipped, not (yet) arrived
received = reordered = duplicates = 0
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:
        if highest >= 0:
            break  # 数据流结束 / the stream is over
        continue
    try:
        seq = int(data.split(b",")[0])
    except ValueError:  # 不是读数：陌生人的字节 / not a reading: a stranger's bytes
        continue
    received += 1
    if seq > highest:
        missing.update(range(highest + 1, seq))  # 中间跳过的 / the ones skipped
        highest = seq
    elif seq in missing:
        missing.discard(seq)  # 迟到了：乱序 / late: reordered
        reordered += 1
        print("seq", seq, "arrived after", highest)
    else:
        duplicates += 1

print("received", received, "| lost", len(missing), "| reordered", reordered, "| duplicates", duplicates)
print("lost:", sorted(missing))
sock.close()
