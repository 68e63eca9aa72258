# shutdown() on UDP sockets, connected or not, and what the socket does afterwards (issue 23, item 2).
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(('127.0.0.1', 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b.bind(('127.0.0.1', 0))
print(socket.SHUT_RD, socket.SHUT_WR, socket.SHUT_RDWR)
b.sendto(b'one', a.getsockname())
t('shutdown RD unconnected', lambda: a.shutdown(socket.SHUT_RD))
t('recvfrom queued', lambda: a.recvfrom(10)[0])
t('recvfrom empty', lambda: a.recvfrom(10))
t('recv empty', lambda: a.recv(10))
b.sendto(b'two', a.getsockname())
t('recv arriving later', lambda: a.recv(10))
t('sendto after SHUT_RD', lambda: a.sendto(b'x', b.getsockname()))
t('  received', lambda: b.recv(10))
t('shutdown WR unconnected', lambda: b.shutdown(socket.SHUT_WR))
t('sendto after SHUT_WR', lambda: b.sendto(b'x', a.getsockname()))
t('sendto str after SHUT_WR', lambda: b.sendto('x', a.getsockname()))
t('send unconnected after SHUT_WR', lambda: b.send(b'x'))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.connect(a.getsockname())
t('shutdown WR connected', lambda: c.shutdown(socket.SHUT_WR))
t('send connected after SHUT_WR', lambda: c.send(b'x'))
t('shutdown bad how', lambda: c.shutdown(7))
t('shutdown negative how', lambda: c.shutdown(-1))
t('shutdown str', lambda: c.shutdown('x'))
t('shutdown RDWR again', lambda: c.shutdown(socket.SHUT_RDWR))
c.close()
t('shutdown closed', lambda: c.shutdown(socket.SHUT_RD))
d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t('connect to port 0', lambda: d.connect(('127.0.0.1', 0)))
t('getpeername after port 0', lambda: d.getpeername())
t('repr has no raddr', lambda: 'raddr' in repr(d))
