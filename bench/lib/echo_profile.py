# Where a simulated syscall's time goes, measured from inside the program (both interpreters):
# one crossing into JavaScript, the socket shim's own Python (the door replaced by a stub), and a
# whole syscall through the door with a trivial handler (worker → owner → worker).
# Usage (in the simulator only): echo_profile.py N → one JSON line of µs per call.
import socket
import sys
import time

import _udplab
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
    f = _udplab.data
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


out = {}
for name, fn in (("ffi", ffi), ("shim", shim), ("door", door)):
    best = 1e9
    for _ in range(3):
        t0 = clock()
        fn()
        best = min(best, clock() - t0)
    out[name] = best / N * 1e6
print('{"ffi": %.2f, "shim": %.2f, "door": %.2f}' % (out["ffi"], out["shim"], out["door"]))
