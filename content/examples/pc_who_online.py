# 电脑：向整个局域网广播“谁在线？”，收集回答，直到 2 秒没有新回答
# PC: broadcasts "who's online?" to the whole LAN, collects answers until 2 s pass without one
import socket

BROADCAST = ("192.168.0.255", 5000)  # 本网段的广播地址 / this subnet's broadcast address

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)  # 允许广播 / allow broadcast
sock.sendto(b"WHO?", BROADCAST)
print("asked the whole LAN: WHO?")

online = []
sock.settimeout(2)  # 2 秒没人回答就结束 / done after 2 s of silence
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:
        break
    online.append(sender[0])
    print("answer from", sender[0], ":", data.decode("utf-8", "replace"))

print(len(online), "online:", ", ".join(sorted(online)))
sock.close()
