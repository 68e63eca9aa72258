# UDP 回声服务器：新客户端来了先忙 0.5 秒，再把每个数据报原样发回去
# UDP echo server: busy for 0.5 s when a new client appears, then sends every datagram back
import socket
import time

PORT = 8000

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("", PORT))
server.settimeout(1)  # 短超时，Ctrl-C 在 Windows 上也管用 / so Ctrl-C works on Windows
print("UDP 回声服务器，端口", PORT)
last_peer = None

try:
    while True:
        try:
            data, peer = server.recvfrom(1024)
        except socket.timeout:
            continue
        if peer != last_peer:  # 新客户端：先忙 0.5 秒 / a new client: busy for 0.5 s
            time.sleep(0.5)
            last_peer = peer
        print("recvfrom 收到", len(data), "字节：", data, "来自 %s:%d" % peer)
        server.sendto(data, peer)
except KeyboardInterrupt:
    print("服务器停止")
server.close()
