# After the peer closed (its FIN is queued): a send earns an RST; recv still reads the end of stream, the next send breaks the pipe.
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen()


def pair():
    c = socket.socket()
    c.connect(srv.getsockname())
    conn, _ = srv.accept()
    conn.close()
    return c


print('-- send, recv, send, recv')
c = pair()
t('send', lambda: c.send(b'x'))
t('recv', lambda: c.recv(10))
t('second send', lambda: c.send(b'x'))
t('recv again', lambda: c.recv(10))
t('third send', lambda: c.send(b'x'))
c.close()

print('-- send, send, recv')
c = pair()
t('send', lambda: c.send(b'x'))
t('second send', lambda: c.send(b'x'))
t('recv', lambda: c.recv(10))
c.close()

print('-- send, SO_ERROR, send')
c = pair()
t('send', lambda: c.send(b'x'))
t('SO_ERROR', lambda: c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
t('SO_ERROR again', lambda: c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
t('second send', lambda: c.send(b'x'))
t('recv', lambda: c.recv(10))
c.close()

print('-- peer sent data then closed: send, recv, recv, send')
c = socket.socket()
c.connect(srv.getsockname())
conn, _ = srv.accept()
conn.sendall(b'bye')
conn.close()
t('send', lambda: c.send(b'x'))
t('recv', lambda: c.recv(10))
t('recv again', lambda: c.recv(10))
t('second send', lambda: c.send(b'x'))
c.close()

print('-- sendall, recv_into, sendall')
c = pair()
buf = bytearray(4)
t('sendall', lambda: c.sendall(b'x'))
t('recv_into', lambda: c.recv_into(buf))
t('sendall again', lambda: c.sendall(b'x'))
c.close()
srv.close()
