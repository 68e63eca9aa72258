# 电脑上的 UDP 接收端：显示掌控板发来的每个数据报
# UDP receiver on the PC: shows every datagram the board sends
import socket

PORT = 6000  # 掌控板发往的端口 / the board sends here

rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.bind(("", PORT))  # 所有网卡 / all interfaces
# 每次最多等 0.5 秒，Windows 上 Ctrl-C 才停得下来
# wait 0.5 s at a time, so Ctrl-C also works on Windows
rx.settimeout(0.5)
print("listening on UDP port", PORT, "- press Ctrl-C to stop")

count = 0
try:
    while True:
        try:
            payload, (ip, port) = rx.recvfrom(1024)
        except socket.timeout:  # 这半秒没有数据 / nothing this time
            continue
        count += 1
        print(f"#{count} from {ip}:{port} {payload!r}")
except KeyboardInterrupt:
    print(f"stopped after {count} datagrams")
finally:
    rx.close()
