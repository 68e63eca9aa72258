# sendto / send with any object that has the buffer protocol (issue 23, item 2).
import array
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(('127.0.0.1', 0))
to = a.getsockname()
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.settimeout(0.1)
for label, data in [('bytes', b'abc'), ('bytearray', bytearray(b'xy')), ('array h', array.array('h', [1, 2, 3])),
                    ('array B', array.array('B', [65, 66])), ('memoryview slice', memoryview(b'abcdef')[1:4]),
                    ('memoryview step', memoryview(b'abcdef')[::2]), ('memoryview cast', memoryview(b'abcd').cast('I')),
                    ('empty', b''), ('str', 'text'), ('int', 5), ('None', None), ('list', [1, 2])]:
    t('sendto ' + label, lambda: b.sendto(data, to))
    t('  received', lambda: a.recv(100))
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.connect(to)
t('send array', lambda: c.send(array.array('b', [1, -1])))
t('  received', lambda: a.recv(100))
t('sendall memoryview', lambda: c.sendall(memoryview(b'all')))
t('  received', lambda: a.recv(100))
t('sendto flags', lambda: b.sendto(b'f', 0, to))
t('  received', lambda: a.recv(100))
t('sendto flags str', lambda: b.sendto(b'f', 'x', to))
