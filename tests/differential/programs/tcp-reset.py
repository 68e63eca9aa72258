# close() with unread data sends RST: the peer gets ConnectionResetError, then end of stream (issue 22).
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen()
cli = socket.socket()
cli.connect(srv.getsockname())
conn, _ = srv.accept()
cli.sendall(b'unread data')
conn.sendall(b'for the client')
conn.close()
t('recv queued data first', lambda: cli.recv(100))
t('recv after reset', lambda: cli.recv(100))
t('recv again', lambda: cli.recv(100))
t('send after reset', lambda: cli.send(b'x'))
t('getpeername after reset', lambda: cli.getpeername())
cli.close()

cli = socket.socket()
cli.connect(srv.getsockname())
conn, _ = srv.accept()
cli.sendall(b'unread')
conn.close()
t('send after reset', lambda: cli.send(b'x'))
t('send again', lambda: cli.send(b'x'))
t('recv', lambda: cli.recv(10))
cli.close()

cli = socket.socket()
cli.connect(srv.getsockname())
conn, _ = srv.accept()
conn.sendall(b'unread by the client')
cli.close()
t('recv at the peer of a reset', lambda: conn.recv(10))
conn.close()
srv.close()
