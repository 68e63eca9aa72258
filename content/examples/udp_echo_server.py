# UDP 回声服务器：每收到一个数据报，就原样发回去
# UDP echo server: sends every datagram back as it came
import socket

PORT = 8000

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", PORT))
server.settimeout(1)  # 短超时，Ctrl-C 在 Windows 上也管用 / so Ctrl-C works on Windows
print("UDP 回声服务器，端口", PORT)

try:
    while True:
        try:
            data, peer = server.recvfrom(1024)
        except socket.timeout:
            continue
        print("recvfrom 收到", len(data), "字节：", data, "来自 %s:%d" % peer)
        server.sendto(data, peer)
except KeyboardInterrupt:
    print("服务器停止")
server.close()
