# Timeouts on TCP sockets: accept, recv, makefile; connect_ex after a timeout (issue 22).
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e, getattr(e, 'errno', None))


srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen()
srv.settimeout(0.2)
t('accept times out', lambda: srv.accept())
cli = socket.socket()
cli.settimeout(1.0)
t('connect with a timeout', lambda: cli.connect(srv.getsockname()))
conn, _ = srv.accept()
t('accepted conn timeout', lambda: conn.gettimeout())
t('recv times out', lambda: cli.recv(10))
conn.sendall(b'late\n')
t('recv after the timeout', lambda: cli.recv(10))
f = cli.makefile('rb')
t('makefile readline times out', lambda: f.readline())
conn.sendall(b'now\n')
t('makefile after a timeout', lambda: f.readline())
f.close()
socket.setdefaulttimeout(0.1)
c2 = socket.socket()
print('default timeout', c2.gettimeout())
c2.connect(srv.getsockname())
a2, _ = srv.accept()
print('accepted gets the default', a2.gettimeout())
t('recv default timeout', lambda: a2.recv(1))
socket.setdefaulttimeout(None)
cli.settimeout(0.3)
t('sendall to a reader that never reads', lambda: cli.sendall(b'x' * 10_000_000))
conn.close()
cli.close()
a2.close()
c2.close()
srv.close()
