# 问问局域网里的掌控板都叫什么名字。这个程序有两个错误，运行一下，看看报错，再改好它
# ask every board on the LAN for its name; this program has two mistakes: run it, read the error, fix it
import socket

BROADCAST = ("192.168.0.255", 5000)  # 本网段的广播地址 / this LAN's broadcast address

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
sock.sendto(b"NAME?", BROADCAST)

answers = []
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:  # 2 秒没有新回答 / 2 s without a new answer
        break
    answers.append((sender[0], data))

answers.sort(key=lambda a: [int(p) for p in a[0].split(".")])
for ip, name in answers:
    print(ip, name)
print("%d online" % len(answers))
sock.close()
