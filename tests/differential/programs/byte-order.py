# htons / ntohs / htonl / ntohl and their range and type checks (issue 23, item 2).
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


class Index:
    def __index__(self):
        return 258


for f in ['htons', 'ntohs', 'htonl', 'ntohl']:
    for x in [0, 1, 0x1234, 65535, 65536, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 63,
              2 ** 64, -2 ** 31, -2 ** 31 - 1, -2 ** 63, -2 ** 64, 1.5, '1', None, True, Index()]:
        label = 'Index()' if isinstance(x, Index) else repr(x)
        t('%s %s' % (f, label), lambda: getattr(socket, f)(x))
