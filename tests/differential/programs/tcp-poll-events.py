# poll and select on sockets whose peer closed or reset, a refused connect, a UDP error (issue 24 item 1).
import select
import socket
import time

IN, OUT, ERR, HUP = select.POLLIN, select.POLLOUT, select.POLLERR, select.POLLHUP
NAMES = [(IN, 'IN'), (select.POLLPRI, 'PRI'), (OUT, 'OUT'), (ERR, 'ERR'), (HUP, 'HUP'), (select.POLLNVAL, 'NVAL')]


def events(ev):
    return '|'.join(n for bit, n in NAMES if ev & bit) or '0'


def poll(sock, mask):
    p = select.poll()
    p.register(sock, mask)
    return [events(ev) for fd, ev in p.poll(1000)]


def sel(sock):
    r, w, x = select.select([sock], [sock], [sock], 0)
    return 'r' * len(r) + 'w' * len(w) + 'x' * len(x) or '-'


def pair():
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen()
    cli = socket.create_connection(srv.getsockname())
    conn, _ = srv.accept()
    srv.close()
    return cli, conn


# The peer closed (FIN): readable, end of stream; no HUP while our side can still send.
cli, conn = pair()
conn.close()
time.sleep(0.1)
print('peer closed, POLLIN', poll(cli, IN), 'POLLIN|POLLOUT', poll(cli, IN | OUT), 'select', sel(cli))
print('recv', cli.recv(10))
print('after b"", POLLIN', poll(cli, IN))
cli.shutdown(socket.SHUT_WR)
time.sleep(0.1)
print('both directions shut, POLLIN', poll(cli, IN), 'mask 0', poll(cli, 0), 'select', sel(cli))
cli.close()

# Our side shut for writing only: the peer still sends, no HUP.
cli, conn = pair()
cli.shutdown(socket.SHUT_WR)
print('own SHUT_WR, POLLIN|POLLOUT', poll(cli, IN | OUT))
cli.shutdown(socket.SHUT_RD)
print('own SHUT_RDWR, POLLIN|POLLOUT', poll(cli, IN | OUT), 'select', sel(cli))
cli.close()
conn.close()

# The peer reset (close with unread data): error and hang-up.
cli, conn = pair()
cli.sendall(b'unread')
time.sleep(0.1)
conn.close()
time.sleep(0.1)
print('peer reset, POLLIN', poll(cli, IN), 'POLLOUT', poll(cli, OUT), 'mask 0', poll(cli, 0), 'select', sel(cli))
try:
    cli.recv(10)
except OSError as e:
    print('recv', repr(e))
print('after the error, POLLIN|POLLOUT', poll(cli, IN | OUT), 'select', sel(cli))
cli.close()

# A non-blocking connect to a closed port: refused.
probe = socket.socket()
probe.bind(('127.0.0.1', 0))
closed = probe.getsockname()
probe.close()
c = socket.socket()
c.setblocking(False)
try:
    c.connect(closed)
except BlockingIOError as e:
    print('connect', e.errno)
time.sleep(0.1)
print('refused, POLLOUT', poll(c, OUT), 'POLLIN', poll(c, IN), 'POLLIN|POLLOUT', poll(c, IN | OUT))
print('select', sel(c))
print('SO_ERROR', c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
print('after SO_ERROR, POLLIN|POLLOUT', poll(c, IN | OUT), 'select', sel(c))
c.close()

# A fresh socket, never connected.
f = socket.socket()
print('fresh TCP socket, POLLIN|POLLOUT', poll(f, IN | OUT), 'select', sel(f))
f.bind(('127.0.0.1', 0))
f.listen()
print('idle listener, POLLIN|POLLOUT', poll(f, IN | OUT), 'select', sel(f))
f.close()

# A connected UDP socket whose datagram met a closed port: the ICMP error waits as POLLERR.
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.connect(closed)
u.send(b'anyone?')
time.sleep(0.1)
print('UDP error, POLLIN', poll(u, IN), 'POLLIN|POLLOUT', poll(u, IN | OUT), 'select', sel(u))
try:
    u.recv(10)
except OSError as e:
    print('recv', repr(e))
print('after the error, POLLIN|POLLOUT', poll(u, IN | OUT), 'select', sel(u))
u.close()

# An unconnected UDP socket: Linux keeps no ICMP error for it.
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.sendto(b'anyone?', closed)
time.sleep(0.1)
print('unconnected UDP, POLLIN|POLLOUT', poll(v, IN | OUT), 'select', sel(v))
v.close()

# A socket closed while registered: POLLNVAL, whatever the mask.
w = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
p = select.poll()
p.register(w, IN)
w.close()
print('closed while registered', [events(ev) for fd, ev in p.poll(0)])
