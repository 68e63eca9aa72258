# 问问局域网里的掌控板都叫什么名字 / ask every board on the LAN for its name
import socket

BROADCAST = ("192.168.0.255", 5000)  # 本网段的广播地址 / this LAN's broadcast address

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)  # 电脑发广播要先打开 / a PC must allow broadcasts
sock.settimeout(2)
sock.sendto(b"NAME?", BROADCAST)

answers = []
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:  # 2 秒没有新回答 / 2 s without a new answer
        break
    text = data.decode("utf-8")  # 字节变成文字 / bytes to text
    if text.startswith("I AM "):
        answers.append((sender[0], text[5:]))

answers.sort(key=lambda a: [int(p) for p in a[0].split(".")])
for ip, name in answers:
    print(ip, name)
print("%d online" % len(answers))
sock.close()
