# 收到不是 UTF-8 的数据报也不能崩溃 / a server that survives a datagram that is not UTF-8
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
print("server on port 9000")

while True:
    data, client = srv.recvfrom(1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # 不是 UTF-8：跳过它，继续服务 / not UTF-8: skip it, keep serving
        print(client, "sent", len(data), "bytes that are not UTF-8")
        continue
    print(client, "->", text)
    srv.sendto(b"ok", client)
