# Sending to a peer that has closed: the first send goes, the RST it earns breaks the pipe (issue 22).
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
conn.close()
t('recv end of stream', lambda: cli.recv(10))
t('first send', lambda: cli.send(b'hello'))
t('second send', lambda: cli.send(b'again'))
t('third send', lambda: cli.send(b'again'))
t('sendall', lambda: cli.sendall(b'x'))
t('recv', lambda: cli.recv(10))
cli.close()

cli = socket.socket()
cli.connect(srv.getsockname())
conn, _ = srv.accept()
conn.close()
t('sendall to a closed peer', lambda: cli.sendall(b'one'))
t('sendall again', lambda: cli.sendall(b'two'))
cli.close()
srv.close()
