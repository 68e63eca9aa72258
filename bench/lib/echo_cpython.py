# Anchor for the echo benchmark: two real CPython processes ping-pong UDP datagrams on 127.0.0.1.
# Usage: python3 echo_cpython.py SECONDS  → prints one JSON line {"roundTrips": N, "seconds": S}
import json
import socket
import subprocess
import sys
import time

PAYLOAD = b"x" * 32


def echo_server(port_out):
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(("127.0.0.1", 0))
    port_out.write(f"{srv.getsockname()[1]}\n")
    port_out.flush()
    while True:
        data, peer = srv.recvfrom(2048)
        if data == b"stop":
            break
        srv.sendto(data, peer)


def client(port, seconds):
    cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    cli.settimeout(2)
    dst = ("127.0.0.1", port)
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(100):
            cli.sendto(PAYLOAD, dst)
            cli.recvfrom(2048)
        count += 100
        now = time.perf_counter()
        if now >= deadline:
            break
    cli.sendto(b"stop", dst)
    return count, now - start


if __name__ == "__main__":
    if sys.argv[1:2] == ["--server"]:
        echo_server(sys.stdout)
        sys.exit(0)
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    proc = subprocess.Popen([sys.executable, __file__, "--server"], stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline())
    n, elapsed = client(port, seconds)
    proc.wait(timeout=5)
    print(json.dumps({"roundTrips": n, "seconds": elapsed}))
