# TCP bulk-transfer server for the tcp-bulk benchmark, the same file for real python3 and for the
# simulator. Usage: python3 bulk_server.py [PORT] (0 = any port) → prints "port N", accepts one
# connection, reads until the client shuts down its side, answers the byte count, closes.
import socket
import sys

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("", int(sys.argv[1]) if len(sys.argv) > 1 else 9000))
srv.listen(1)
print("port", srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
total = 0
while True:
    data = conn.recv(65536)
    if not data:
        break
    total += len(data)
conn.sendall(str(total).encode())
conn.close()
srv.close()
