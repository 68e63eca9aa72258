# A stream has no message boundaries: sends merge, a recv can take part of one (issue 22).
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
cli.send(b'first ')
cli.send(b'second ')
cli.send(b'third')
t('three sends, one recv', lambda: conn.recv(100))
cli.sendall(b'0123456789' * 10)
t('recv 10 of 100', lambda: conn.recv(10))
t('peek 5', lambda: conn.recv(5, socket.MSG_PEEK))
t('recv 25', lambda: conn.recv(25))
t('recv the rest', lambda: len(conn.recv(1000)))
big = bytes(range(256)) * 400
t('sendall 102400', lambda: cli.sendall(big))
got = b''
while len(got) < len(big):
    got += conn.recv(65536)
print('received in full', got == big)
cli.send(b'A')
cli.send(b'B')
t('recv 1', lambda: conn.recv(1))
t('recv 1', lambda: conn.recv(1))
t('recv WAITALL-less', lambda: (cli.send(b'xyz'), conn.recv(2), conn.recv(2)))
conn.close()
cli.close()
srv.close()
