# Non-blocking TCP: connect in progress, EAGAIN, SO_ERROR after select (issue 22).
import errno
import select
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen()
srv.setblocking(False)
t('accept nothing yet', lambda: srv.accept())
c = socket.socket()
c.setblocking(False)
t('connect', lambda: c.connect(srv.getsockname()))
t('select writable', lambda: select.select([], [c], [], 5)[1] == [c])
t('SO_ERROR', lambda: c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
t('connect again', lambda: c.connect(srv.getsockname()))
t('connect_ex again', lambda: errno.errorcode[c.connect_ex(srv.getsockname())])
conn, _ = srv.accept()
print('accepted is blocking', conn.getblocking())
t('recv nothing yet', lambda: c.recv(10))
conn.sendall(b'data')
t('recv', lambda: c.recv(10))
sent = 0
try:
    while True:
        sent += c.send(b'x' * 65536)
except BlockingIOError as e:
    print('send fills the buffers', sent > 100000, e)
t('sendall non-blocking with full buffers', lambda: c.sendall(b'y'))
d = socket.socket()
d.setblocking(False)
t('connect_ex', lambda: errno.errorcode[d.connect_ex(srv.getsockname())])
select.select([], [d], [], 5)
t('SO_ERROR', lambda: d.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
closed = socket.socket()
closed.bind(('127.0.0.1', 0))
port = closed.getsockname()
closed.close()
e = socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK)
t('connect to a closed port', lambda: e.connect(port))
t('select', lambda: select.select([e], [e], [], 5) == ([e], [e], []))
t('SO_ERROR refused', lambda: errno.errorcode[e.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)])
t('SO_ERROR once', lambda: e.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
for s in (c, d, e, conn, srv):
    s.close()
