# The server that closes first keeps its port in TIME-WAIT: a restarted server's bind fails unless
# both the old and the new server set SO_REUSEADDR (issue 22).
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


def restart(old_reuse, new_reuse):
    srv = socket.socket()
    if old_reuse:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('127.0.0.1', 0))
    where = srv.getsockname()
    srv.listen()
    cli = socket.socket()
    cli.connect(where)
    conn, _ = srv.accept()
    conn.sendall(b'bye')
    conn.close()
    srv.close()
    t('  client reads', lambda: cli.recv(10))
    t('  client reads end', lambda: cli.recv(10))
    cli.close()
    again = socket.socket()
    if new_reuse:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        again.bind(where)
    except OSError as e:
        print('  rebind', type(e).__name__ + ':', e)
        again.close()
        return
    print('  rebind -> bound')
    again.listen()
    c2 = socket.socket()
    t('  connect to the new server', lambda: c2.connect(where))
    t('  accept', lambda: again.accept()[0].close())
    c2.close()
    again.close()


for old_reuse in (False, True):
    for new_reuse in (False, True):
        print('old server SO_REUSEADDR', old_reuse, 'new server SO_REUSEADDR', new_reuse)
        restart(old_reuse, new_reuse)

# A server that never accepted a connection leaves no TIME-WAIT behind.
s3 = socket.socket()
s3.bind(('127.0.0.1', 0))
s3.listen()
w3 = s3.getsockname()
s3.close()
s4 = socket.socket()
t('rebind an idle listener port', lambda: s4.bind(w3))
s4.close()
# The client that closes first holds its own (ephemeral) port instead.
s5 = socket.socket()
s5.bind(('127.0.0.1', 0))
s5.listen()
c5 = socket.socket()
c5.connect(s5.getsockname())
mine = c5.getsockname()
a5, _ = s5.accept()
c5.close()
t('server reads end', lambda: a5.recv(10))
a5.close()
s6 = socket.socket()
t('bind the client port in TIME-WAIT', lambda: s6.bind(mine))
s6.close()
s5.close()
