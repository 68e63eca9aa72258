# recv_into / recvfrom_into: CPython's buffer and nbytes checks; the caller's buffer is written,
# never resized (issue 23, item 2).
import array
import socket


def t(label, f):
    try:
        print(label, '->', repr(f()))
    except Exception as e:
        print(label, '!!', type(e).__name__ + ':', e)


a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(('127.0.0.1', 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
to = a.getsockname()
a.settimeout(0.1)
buf = bytearray(4)
b.sendto(b'hello', to)
t('recv_into small buffer', lambda: (a.recv_into(buf), bytes(buf), len(buf)))
b.sendto(b'hi', to)
t('recv_into nbytes 1', lambda: (a.recv_into(buf, 1), bytes(buf)))
t('recv_into nbytes too big', lambda: a.recv_into(buf, 10))
t('recvfrom_into nbytes too big', lambda: a.recvfrom_into(buf, 10))
t('recv_into negative', lambda: a.recv_into(buf, -1))
t('recvfrom_into negative', lambda: a.recvfrom_into(buf, -1))
t('recv_into nbytes str', lambda: a.recv_into(buf, '1'))
t('recv_into bytes', lambda: a.recv_into(b'abcd'))
t('recv_into str', lambda: a.recv_into('abcd'))
t('recv_into None', lambda: a.recv_into(None))
t('recvfrom_into bytes', lambda: a.recvfrom_into(b'abcd'))
t('recv_into readonly view', lambda: a.recv_into(memoryview(b'abcd')))
mv = memoryview(bytearray(10))
b.sendto(b'slice', to)
t('recv_into memoryview slice', lambda: (a.recv_into(mv[2:]), bytes(mv)))
arr = array.array('h', [0, 0, 0])
b.sendto(b'\x01\x00\x02\x00', to)
t('recv_into array', lambda: (a.recv_into(arr), arr.tolist()))
b.sendto(b'from', to)
n, who = a.recvfrom_into(buf)
print('recvfrom_into', n, bytes(buf), who == b.getsockname())
b.sendto(b'keywords', to)
t('recv_into keywords', lambda: (a.recv_into(buffer=buf, nbytes=3, flags=0), bytes(buf)))
t('recv_into timeout', lambda: a.recv_into(buf))
