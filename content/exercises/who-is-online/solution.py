# 谁在线？用广播找到局域网里所有的掌控板 / who is online? find every board on the LAN with a broadcast
import socket

PORT = 7000
QUESTION = "谁在线？".encode("utf-8")

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)  # 电脑上发广播要先打开 / a PC must allow broadcasts
sock.settimeout(1)
sock.sendto(QUESTION, ("192.168.0.255", PORT))

found = []
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:  # 1 秒没有新回复 / 1 s without a new answer
        break
    text = data.decode("utf-8")
    if text.startswith("我在："):
        found.append(sender[0])

found.sort(key=lambda ip: [int(part) for part in ip.split(".")])
print("found %d: %s" % (len(found), ", ".join(found)))
sock.close()
