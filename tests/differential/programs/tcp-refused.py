# TCP errors before and without a connection: refused, not connected, already connected (issue 22).
import errno
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


probe = socket.socket()
probe.bind(('127.0.0.1', 0))
closed = probe.getsockname()
c = socket.socket()
t('connect to a bound, not listening port', lambda: c.connect(closed))
probe.close()
c.close()
c = socket.socket()
t('connect to a closed port', lambda: c.connect(closed))
c.close()
c = socket.socket()
t('connect_ex to a closed port', lambda: errno.errorcode[c.connect_ex(closed)])
c.close()
t('create_connection', lambda: socket.create_connection(closed))
n = socket.socket()
t('recv never connected', lambda: n.recv(10))
t('send never connected', lambda: n.send(b'x'))
t('sendall never connected', lambda: n.sendall(b'x'))
t('getpeername never connected', lambda: n.getpeername())
t('shutdown never connected', lambda: n.shutdown(socket.SHUT_RDWR))
t('accept not listening', lambda: n.accept())
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
t('recv on a listener', lambda: srv.recv(1))
t('send on a listener', lambda: srv.send(b'x'))
t('connect a listener', lambda: srv.connect(srv.getsockname()))
c = socket.socket()
c.connect(srv.getsockname())
t('connect again', lambda: c.connect(srv.getsockname()))
t('connect_ex again', lambda: errno.errorcode[c.connect_ex(srv.getsockname())])
t('bind after connect', lambda: c.bind(('127.0.0.1', 0)))
t('listen on a connected socket', lambda: c.listen())
b = socket.socket()
t('bind to the listening port', lambda: b.bind(srv.getsockname()))
b.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t('bind to it with SO_REUSEADDR', lambda: b.bind(srv.getsockname()))
t('proto 17 for SOCK_STREAM', lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM, 17))
t('proto 6', lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM, 6).close())
t('sendto on TCP', lambda: c.sendto(b'x', ('127.0.0.1', 9)))
a, _ = srv.accept()
t('  arrived', lambda: a.recv(10))
try:
    socket.create_server(srv.getsockname())
except OSError as e:  # its message names the port: printed without it
    print('create_server on a used port', type(e).__name__, str(e).replace(str(srv.getsockname()[1]), 'PORT'))
