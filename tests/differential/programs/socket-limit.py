# A program may open sockets up to Linux's default limit of 1,024 descriptors (0-2 are stdin,
# stdout and stderr); one more raises OSError [Errno 24] (issue 23, item 2).
import socket

socks = []
try:
    while True:
        socks.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
except OSError as e:
    print(len(socks), socks[0].fileno(), socks[-1].fileno(), type(e).__name__, e)
socks.pop().close()
again = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print('after closing one:', again.fileno())
for s in socks:
    s.close()
again.close()
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
print('all closed')
