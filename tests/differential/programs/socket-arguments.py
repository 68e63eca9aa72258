# socket(), settimeout(), setblocking() argument checks as CPython makes them, SOCK_NONBLOCK and
# SOCK_CLOEXEC, and settimeout / setblocking on a closed socket (issue 23, item 2).
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


def opened(*args):
    s = socket.socket(*args)
    try:
        return s.family, s.type, s.proto, s.gettimeout(), s.getblocking()
    finally:
        s.close()


print(socket.SOCK_NONBLOCK, socket.SOCK_CLOEXEC)
t('family str', lambda: opened('x', socket.SOCK_DGRAM))
t('type float', lambda: opened(socket.AF_INET, 2.0))
t('proto str', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM, 'x'))
t('family 99', lambda: opened(99, socket.SOCK_DGRAM))
t('family huge', lambda: opened(2 ** 40, socket.SOCK_DGRAM))
t('type 99', lambda: opened(socket.AF_INET, 99))
t('type SEQPACKET', lambda: opened(socket.AF_INET, socket.SOCK_SEQPACKET))
t('proto 0', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM, 0))
t('proto UDP', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP))
t('proto TCP', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_TCP))
t('proto 99', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM, 99))
t('NONBLOCK', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK))
t('CLOEXEC', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC))
t('both', lambda: opened(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC | socket.SOCK_NONBLOCK))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for value in [0, 0.5, 3, True, None, -1, -0.5, float('nan'), float('inf'), float('-inf'), 1e300, '1', b'1', [1]]:
    t('settimeout %r' % (value,), lambda: (s.settimeout(value), s.gettimeout(), s.getblocking()))
for value in [0, 1, True, False, 2, 0.5, '1', None]:
    t('setblocking %r' % (value,), lambda: (s.setblocking(value), s.gettimeout(), s.getblocking()))
t('setdefaulttimeout nan', lambda: socket.setdefaulttimeout(float('nan')))
t('setdefaulttimeout -1', lambda: socket.setdefaulttimeout(-1))
t('setdefaulttimeout str', lambda: socket.setdefaulttimeout('1'))
s.close()
t('closed settimeout', lambda: s.settimeout(1))
t('closed gettimeout', lambda: s.gettimeout())
t('closed settimeout bad', lambda: s.settimeout(-1))
t('closed setblocking', lambda: s.setblocking(False))
t('closed getblocking', lambda: (s.getblocking(), s.gettimeout()))
t('closed setblocking True', lambda: s.setblocking(True))
t('closed gettimeout', lambda: s.gettimeout())
