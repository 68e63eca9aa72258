# try 包住了整个循环：第一次出错，服务器就结束了 / the try wraps the whole loop: the first bad datagram ends the server
import socket

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", 9000))
print("server on port 9000")
try:
    while True:
        data, client = srv.recvfrom(1024)
        text = data.decode("utf-8")
        print(client, "->", text)
        srv.sendto(b"ok", client)
except UnicodeDecodeError:
    print("bad datagram")
