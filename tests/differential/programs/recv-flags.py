# MSG_PEEK and MSG_DONTWAIT on recv / recvfrom / recv_into; zero-length datagrams and recv(0) as
# Linux and CPython treat them (issue 23, item 2).
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
to = a.getsockname()
print(socket.MSG_PEEK, socket.MSG_DONTWAIT, socket.MSG_TRUNC, socket.MSG_WAITALL)
a.settimeout(0.1)
for data in [b'first', b'second', b'']:
    b.sendto(data, to)
t('recv peek', lambda: a.recv(100, socket.MSG_PEEK))
t('recv peek short', lambda: a.recv(2, socket.MSG_PEEK))
t('recvfrom peek', lambda: a.recvfrom(100, socket.MSG_PEEK)[0])
t('recvfrom peek is from b', lambda: a.recvfrom(100, socket.MSG_PEEK)[1] == b.getsockname())
buf = bytearray(8)
t('recv_into peek', lambda: (a.recv_into(buf, 0, socket.MSG_PEEK), bytes(buf)))
t('recv', lambda: a.recv(100))
t('recv dontwait', lambda: a.recv(100, socket.MSG_DONTWAIT))
t('recv zero-length datagram', lambda: a.recvfrom(100)[0])
t('recv dontwait nothing', lambda: a.recv(100, socket.MSG_DONTWAIT))
t('recvfrom dontwait nothing', lambda: a.recvfrom(100, socket.MSG_DONTWAIT))
t('recv peek nothing', lambda: a.recv(100, socket.MSG_PEEK))
t('recv flags str', lambda: a.recv(100, 'x'))
for what, f in [('recv(0)', lambda: a.recv(0)), ('recvfrom(0)', lambda: a.recvfrom(0)[0]),
                ('recv_into(empty)', lambda: a.recv_into(bytearray(0))),
                ('recv_into(buf, 0)', lambda: a.recv_into(bytearray(5), 0)),
                ('recvfrom_into(empty)', lambda: a.recvfrom_into(bytearray(0))[0]),
                ('recv(0, MSG_PEEK)', lambda: a.recv(0, socket.MSG_PEEK))]:
    t(what + ' nothing queued', f)
    b.sendto(b'hello', to)
    t(what, f)
    t('  then recv', lambda: a.recv(10))
a.setblocking(False)
t('nonblocking recv', lambda: a.recv(10))
a.setblocking(True)
t('blocking recv dontwait', lambda: a.recv(10, socket.MSG_DONTWAIT))
t('blocking recvfrom dontwait', lambda: a.recvfrom(10, socket.MSG_DONTWAIT))
b.sendto(b'now', to)
t('blocking recv dontwait queued', lambda: a.recv(10, socket.MSG_DONTWAIT))
