# 虚谷号上的大写回声服务器 / upper-case echo server on the vvBoard
import socket

PORT = 9000

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", PORT))
print("listening on port", PORT)

try:
    while True:
        data, client = srv.recvfrom(1024)
        text = data.decode("utf-8")
        print(client, "->", text)
        srv.sendto(text.upper().encode("utf-8"), client)
except KeyboardInterrupt:
    print("server stopped")
finally:
    srv.close()
