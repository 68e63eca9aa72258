# connect() again on the same socket after ConnectionRefusedError: Linux tries again, and succeeds once the server listens.
import select
import socket

probe = socket.socket()
probe.bind(('127.0.0.1', 0))
where = probe.getsockname()
probe.close()


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


c = socket.socket()
t('connect, nobody listens', lambda: c.connect(where))
t('SO_ERROR', lambda: c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
t('getpeername', lambda: c.getpeername())
t('getsockname forgets the address', lambda: c.getsockname()[0])
t('connect again, still nobody', lambda: c.connect(where))
t('connect_ex, still nobody', lambda: c.connect_ex(where))
server = socket.socket()
server.bind(where)
server.listen()
print('server listening')
t('connect on the same socket', lambda: c.connect(where))
t('getpeername is the server', lambda: c.getpeername() == where)
conn, _ = server.accept()
c.sendall(b'hi')
print('server got', conn.recv(10))
conn.sendall(b'ho')
print('client got', c.recv(10))
t('connect once more', lambda: c.connect(where))
c.close()  # the client closes first: TIME-WAIT stays on its own port
conn.close()

server.close()
c = socket.socket()
t('refused', lambda: c.connect(where))
t('then listen', lambda: c.listen())
t('then bind', lambda: c.bind(('127.0.0.1', 0)))
c.close()

c = socket.socket()
c.settimeout(2)
t('with a timeout, nobody listens', lambda: c.connect(where))
server = socket.socket()
server.bind(where)
server.listen()
t('with a timeout, again', lambda: c.connect(where))
t('with a timeout, a third time', lambda: c.connect(where))
t('with a timeout, connected, connect again', lambda: c.connect(where))
t('and once more', lambda: c.connect(where))
conn, _ = server.accept()
print('accepted', conn.getpeername() == c.getsockname())
c.close()
conn.close()

c = socket.socket()
c.setblocking(False)
server.close()
t('non-blocking, nobody listens', lambda: c.connect(where))
t('SO_ERROR', lambda: c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
server = socket.socket()
server.bind(where)
server.listen()
t('non-blocking, again', lambda: c.connect_ex(where))
t('non-blocking, a third time', lambda: c.connect_ex(where))
print('writable', bool(select.select([], [c], [], 2)[1]))
t('SO_ERROR after', lambda: c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
t('connect_ex once more', lambda: c.connect_ex(where))
c.close()
server.close()
