# errno, os.strerror and the OSError subclass of every Linux errno number (issue 23, item 3).
import errno
import os

for n in range(-1, 136):
    print(n, errno.errorcode.get(n), repr(os.strerror(n)), type(OSError(n, 'text')).__name__)
print(len(errno.errorcode), errno.ENOENT, errno.ECONNREFUSED, errno.EADDRINUSE, errno.EWOULDBLOCK)
for args in [(111, 'Connection refused'), (2, 'gone', 'f.txt'), (13, 'no', 'a', None, 'b'), (11,), ('x',), ()]:
    e = OSError(*args)
    print(type(e).__name__, e.errno, e.strerror, e.filename, e.filename2, str(e), e.args)
for bad in ['2', 2.0, 2 ** 40, None]:
    try:
        os.strerror(bad)
    except (TypeError, OverflowError) as e:
        print(type(e).__name__, e)
try:
    raise OSError(errno.ECONNREFUSED, os.strerror(errno.ECONNREFUSED))
except ConnectionRefusedError as e:
    print('caught as ConnectionRefusedError:', e)
