# 用 "replace" 解码：不崩溃了，但也回复了看不懂的数据报 / decodes with "replace": no crash, but answers the garbage too
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
print("server on port 9000")
while True:
    data, client = srv.recvfrom(1024)
    text = data.decode("utf-8", "replace")
    print(client, "->", text)
    srv.sendto(b"ok", client)
