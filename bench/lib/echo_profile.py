# Where a simulated syscall's time goes, measured from inside the program (both interpreters):
# one crossing into JavaScript, the socket shim's own Python (the door replaced by a stub), and a
# whole syscall through the door with a trivial handler (worker → owner → worker).
# Usage (in the simulator only): echo_profile.py N → one JSON line of µs per call.
import socket
import sys
import time

import _udplab
import js
import _udplab_sys as k

try:
    clock = time.perf_counter
except AttributeError:
    clock = lambda: time.ticks_us() / 1e6  # noqa: E731

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
P = b"x" * 32
dst = ("127.0.0.1", 9)


class Stub:
    def call(self, op, payload, data):
        return '{"result":32}'


def ffi():
    f = js.Date.now  # a JS function with no arguments: the bare crossing
    for _ in range(N):
        f()


def shim():
    real = k._call
    k._call = Stub().call
    try:
        for _ in range(N):
            s.sendto(P, dst)
    finally:
        k._call = real


def door():
    f = _udplab.call
    for _ in range(N):
        f("net.gethostname", "{}", None)


# A datagram to the program's own socket and back: sendto + recvfrom through the real door and
# handlers, so the bytes cross into JS and back out (hex / latin-1 / binary: syscall-table.ts).
# PC hosts only: the board's lwIP has no loopback interface to send itself a datagram through.
PC = sys.implementation.name != "micropython"
if PC:
    loop = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    loop.bind(("127.0.0.1", 7300))
    loop.settimeout(5)
    me = ("127.0.0.1", 7300)


def pair(size):
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)

    def run():
        for _ in range(N // 4):
            loop.sendto(data, me)
            loop.recvfrom(65535)

    return run


out = {}
runs = [("ffi", ffi, N), ("shim", shim, N), ("door", door, N)]
if PC:
    runs += [("pair32", pair(32), N // 4), ("pair1k", pair(1024), N // 4), ("pair4k", pair(4096), N // 4),
             ("pair16k", pair(16384), N // 4)]
for name, fn, n in runs:
    best = 1e9
    for _ in range(3):
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    out[name] = best / n * 1e6
print('{' + ', '.join('"%s": %.2f' % (k, v) for k, v in out.items()) + '}')
