# Echo client for the echo benchmark on a 掌控板 host (MicroPython: ticks_us, no json.dumps flush).
import sys
import time
import usocket

PAYLOAD = b"x" * 32
host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
cli = usocket.socket(usocket.AF_INET, usocket.SOCK_DGRAM)
cli.settimeout(2)
dst = (host, port)
for _ in range(200):
    cli.sendto(PAYLOAD, dst)
    cli.recvfrom(2048)
print("warm")  # the bench starts its CPU meter here
count = 0
start = time.ticks_us()
budget = int(seconds * 1_000_000)
while True:
    for _ in range(100):
        cli.sendto(PAYLOAD, dst)
        cli.recvfrom(2048)
    count += 100
    elapsed = time.ticks_diff(time.ticks_us(), start)
    if elapsed >= budget:
        break
cli.sendto(b"stop", dst)
print('{"roundTrips": %d, "seconds": %f}' % (count, elapsed / 1_000_000))
