# Echo client for the echo benchmark, the same file for real python3 and for the simulator.
# Usage: python3 echo_client.py HOST PORT SECONDS → one JSON line {"roundTrips": N, "seconds": S}.
import json
import socket
import sys
import time

PAYLOAD = b"x" * 32
host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
cli.settimeout(2)
dst = (host, port)
for _ in range(200):  # warm-up: caches, JIT of the simulator's JavaScript
    cli.sendto(PAYLOAD, dst)
    cli.recvfrom(2048)
print("warm")  # the bench starts its CPU meter here
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
print(json.dumps({"roundTrips": count, "seconds": now - start}))
