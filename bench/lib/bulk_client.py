# TCP bulk-transfer client for the tcp-bulk benchmark, the same file for real python3 and for the
# simulator. Usage: python3 bulk_client.py HOST PORT SECONDS → sends 64 KiB sendall()s for SECONDS
# after a 1 MiB warm-up, shuts down its side, waits for the server's byte count (so every byte has
# arrived), checks it, and prints one JSON line {"bytes": N, "seconds": S}. A refused connect is
# tried again for up to 20 s (the simulated server may still be loading its interpreter).
import json
import socket
import sys
import time

CHUNK = b"x" * 65536
WARM_CHUNKS = 16
host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
for _ in range(400):  # the simulator boots both programs at once: wait for the server to listen
    cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # a fresh socket for each try
    try:
        cli.connect((host, port))
        break
    except ConnectionRefusedError:
        cli.close()
        time.sleep(0.05)
for _ in range(WARM_CHUNKS):  # warm-up: caches, JIT of the simulator's JavaScript
    cli.sendall(CHUNK)
print("warm", flush=True)  # the bench starts its CPU meter here
sent = 0
start = time.perf_counter()
deadline = start + seconds
while time.perf_counter() < deadline:
    for _ in range(4):
        cli.sendall(CHUNK)
    sent += 4 * len(CHUNK)
cli.shutdown(socket.SHUT_WR)
reply = b""
while True:
    data = cli.recv(64)
    if not data:
        break
    reply += data
elapsed = time.perf_counter() - start
expected = sent + WARM_CHUNKS * len(CHUNK)
if int(reply or b"-1") != expected:
    sys.exit("server counted %r bytes, client sent %d" % (reply, expected))
cli.close()
print(json.dumps({"bytes": sent, "seconds": elapsed}))
