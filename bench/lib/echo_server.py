# Echo server for the echo benchmark, the same file for real python3 and for the simulator.
# Usage: python3 echo_server.py [PORT]  (0 = any port) → prints "port N", echoes until b"stop".
import socket
import sys

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("", int(sys.argv[1]) if len(sys.argv) > 1 else 9000))
print("port", srv.getsockname()[1], flush=True)
while True:
    data, peer = srv.recvfrom(2048)
    if data == b"stop":
        break
    srv.sendto(data, peer)
srv.close()
