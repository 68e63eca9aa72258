# shutdown(SHUT_WR) ends one direction; the other keeps going (issue 22).
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
cli.sendall(b'request')
t('client SHUT_WR', lambda: cli.shutdown(socket.SHUT_WR))
t('client send after SHUT_WR', lambda: cli.send(b'more'))
t('server recv', lambda: conn.recv(100))
t('server recv end', lambda: conn.recv(100))
t('server recv end again', lambda: conn.recv(100))
t('server sends answer', lambda: conn.sendall(b'answer'))
t('server sends more', lambda: conn.sendall(b' and more'))
t('client reads', lambda: cli.recv(100))
t('server SHUT_RDWR', lambda: conn.shutdown(socket.SHUT_RDWR))
t('client reads end', lambda: cli.recv(100))
t('server send after SHUT_RDWR', lambda: conn.send(b'x'))
t('server recv after SHUT_RDWR', lambda: conn.recv(10))
t('client SHUT_RD', lambda: cli.shutdown(socket.SHUT_RD))
t('client recv after SHUT_RD', lambda: cli.recv(10))
t('shutdown bad how', lambda: cli.shutdown(5))
conn.close()
cli.close()
t('shutdown closed', lambda: cli.shutdown(socket.SHUT_RD))

cli = socket.socket()
cli.connect(srv.getsockname())
conn, _ = srv.accept()
t('SHUT_RD then peer sends', lambda: (cli.shutdown(socket.SHUT_RD), conn.send(b'late')))
t('recv after SHUT_RD', lambda: cli.recv(10))
t('client still sends', lambda: cli.send(b'ok'))
t('server gets it', lambda: conn.recv(10))
conn.close()
cli.close()
srv.close()
