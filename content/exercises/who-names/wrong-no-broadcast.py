# 改了解码，却没打开 SO_BROADCAST / decodes now, but never turns SO_BROADCAST on
import socket

BROADCAST = ("192.168.0.255", 5000)

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(2)
sock.sendto(b"NAME?", BROADCAST)

answers = []
while True:
    try:
        data, sender = sock.recvfrom(64)
    except socket.timeout:
        break
    text = data.decode("utf-8")
    if text.startswith("I AM "):
        answers.append((sender[0], text[5:]))

answers.sort(key=lambda a: [int(p) for p in a[0].split(".")])
for ip, name in answers:
    print(ip, name)
print("%d online" % len(answers))
sock.close()
