# TCP 回声服务器：接受连接，先忙 1 秒，再把收到的字节原样送回
# TCP echo server: accepts a connection, is busy for 1 s, then sends every byte back
import socket
import time

PORT = 8000

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # 重启不怕 TIME-WAIT / restart at once
server.bind(("", PORT))
server.listen(1)
print("TCP 回声服务器，端口", PORT)

try:
    while True:
        conn, peer = server.accept()  # 握手已经由系统做完 / the system did the handshake
        print("连接来自 %s:%d" % peer)
        time.sleep(1)  # 忙 1 秒，数据在缓冲区里攒着 / busy: bytes pile up meanwhile
        while True:
            data = conn.recv(1024)
            if not data:  # b'' = 对方关闭了连接 / the peer closed
                print("recv 返回 b''：客户端关闭了连接")
                break
            print("recv 收到", len(data), "字节：", data)
            conn.sendall(data)
        conn.close()
except KeyboardInterrupt:
    print("服务器停止")
server.close()
