# select for UDP Lab: wait on simulated sockets (and stdin, fd 0) on both interpreters.
# select.select as CPython on Linux has it; poll() as both CPython and the board (uselect) have it.
import sys
import _udplab_sys as _k
import _udplab_ops as _op

_BOARD = _k.MICROPYTHON

POLLIN = 1
POLLPRI = 2
POLLOUT = 4
POLLERR = 8
POLLHUP = 16
POLLNVAL = 32

if not _BOARD:
    error = OSError


def _fileno(obj):
    if isinstance(obj, int):
        fd = obj
    elif hasattr(obj, 'fileno'):
        fd = obj.fileno()
        if not isinstance(fd, int):
            raise TypeError('fileno() returned a non-integer')
    else:
        raise TypeError('argument must be an int, or have a fileno() method.')
    if fd < 0:
        raise ValueError('file descriptor cannot be a negative integer (%d)' % fd)
    return fd


def _timeout_ms(timeout, scale):
    if timeout is None:
        return None
    if isinstance(timeout, str) or not isinstance(timeout, (int, float)):
        raise TypeError('timeout must be a float or None')
    if timeout < 0:
        if scale == 1:  # poll(): a negative timeout waits forever
            return None
        raise ValueError('timeout must be non-negative')
    return timeout * scale


def select(rlist, wlist, xlist, timeout=None):
    """Wait until some of the sockets are readable (or writable); returns three lists."""
    rlist, wlist, xlist = list(rlist), list(wlist), list(xlist)
    wait = _timeout_ms(timeout, 1000.0)
    rfds = [_fileno(o) for o in rlist]
    wfds = [_fileno(o) for o in wlist]
    xfds = [_fileno(o) for o in xlist]
    _k.flush_stdout()
    ready = _k.call(_op.SELECT, r=rfds, w=wfds, x=xfds, timeout=wait)
    r, w, x = set(ready[0]), set(ready[1]), set(ready[2])
    return (
        [o for o, fd in zip(rlist, rfds) if fd in r],
        [o for o, fd in zip(wlist, wfds) if fd in w],
        [o for o, fd in zip(xlist, xfds) if fd in x],
    )


class _Poll:
    """select.poll(): register sockets, then poll(timeout_ms) → [(fd or obj, events)]."""

    def __init__(self):
        self._map = {}

    def register(self, obj, eventmask=POLLIN | POLLPRI | POLLOUT):
        self._map[_fileno(obj)] = (obj, eventmask)

    def modify(self, obj, eventmask):
        fd = _fileno(obj)
        if fd not in self._map:
            raise OSError(2) if _BOARD else FileNotFoundError(2, 'No such file or directory')
        self._map[fd] = (obj, eventmask)

    def unregister(self, obj):
        fd = _fileno(obj)
        if fd not in self._map:
            raise KeyError(fd)
        del self._map[fd]

    def poll(self, timeout=None):
        wait = _timeout_ms(timeout, 1)
        _k.flush_stdout()
        # Linux adds POLLERR and POLLHUP to any mask; the board reports only what was asked.
        ready = _k.call(_op.POLL, fds=[[fd, entry[1]] for fd, entry in self._map.items()], timeout=wait)
        # CPython reports file descriptors; the board reports the registered objects.
        return [((self._map[fd][0] if _BOARD else fd), ev) for fd, ev in ready]

    def ipoll(self, timeout=-1, flags=0):
        return iter(self.poll(timeout))


def poll():
    return _Poll()
