# 打开了 SO_BROADCAST，名字却没有解码，打印出 b'I AM \xe5…' / broadcasts now, but prints the names as bytes
import socket

BROADCAST = ("192.168.0.255", 5000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
sock.settimeout(2)
sock.sendto(b"NAME?", BROADCAST)

answers = []
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:
        break
    answers.append((sender[0], data))

answers.sort(key=lambda a: [int(p) for p in a[0].split(".")])
for ip, name in answers:
    print(ip, name)
print("%d online" % len(answers))
sock.close()
