# socket for UDP Lab: sockets on the simulated network. One file for both interpreters: on
# CPython (Pyodide) it behaves like CPython 3 on Linux, on MicroPython like the 掌控板's
# firmware (usocket). Argument checks and their messages follow the real ones.
import sys
import _udplab_sys as _k
import _udplab_ops as _op

_BOARD = _k.MICROPYTHON

AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
IPPROTO_IP = 0
IPPROTO_TCP = 6
IPPROTO_UDP = 17
SOL_SOCKET = 1
SO_REUSEADDR = 2

if _BOARD:
    IP_ADD_MEMBERSHIP = 3
    # The board's lwIP build has no SO_BROADCAST (broadcast works without it) and no timeout
    # exception class: errors are OSError with the errno number.
    error = OSError
else:
    AF_UNSPEC = 0
    AF_UNIX = 1
    SOCK_SEQPACKET = 5
    IPPROTO_ICMP = 1
    SO_TYPE = 3
    SO_ERROR = 4
    SO_BROADCAST = 6
    SO_SNDBUF = 7
    SO_RCVBUF = 8
    SO_REUSEPORT = 15
    IP_TTL = 2
    IP_MULTICAST_TTL = 33
    IP_MULTICAST_LOOP = 34
    IP_ADD_MEMBERSHIP = 35
    INADDR_ANY = 0
    INADDR_BROADCAST = 0xFFFFFFFF
    INADDR_LOOPBACK = 0x7F000001
    SOMAXCONN = 4096
    SHUT_RD = 0
    SHUT_WR = 1
    SHUT_RDWR = 2
    # Linux's other numbers, as CPython 3.11's socket module has them
    INADDR_ALLHOSTS_GROUP = 0xE0000001
    INADDR_MAX_LOCAL_GROUP = 0xE00000FF
    INADDR_NONE = 0xFFFFFFFF
    INADDR_UNSPEC_GROUP = 0xE0000000
    EAI_ADDRFAMILY, EAI_AGAIN, EAI_BADFLAGS, EAI_FAIL, EAI_FAMILY, EAI_MEMORY = -9, -3, -1, -4, -6, -10
    EAI_NODATA, EAI_NONAME, EAI_OVERFLOW, EAI_SERVICE, EAI_SOCKTYPE, EAI_SYSTEM = -5, -2, -12, -8, -7, -11
    NI_DGRAM, NI_MAXHOST, NI_MAXSERV, NI_NAMEREQD, NI_NOFQDN = 16, 1025, 32, 8, 4
    NI_NUMERICHOST, NI_NUMERICSERV = 1, 2
    SOL_IP, SOL_TCP, SOL_UDP = 0, 6, 17
    SO_ACCEPTCONN, SO_BINDTODEVICE, SO_DEBUG, SO_DOMAIN, SO_DONTROUTE, SO_INCOMING_CPU = 30, 25, 1, 39, 5, 49
    SO_KEEPALIVE, SO_LINGER, SO_MARK, SO_OOBINLINE, SO_PASSCRED, SO_PASSSEC = 9, 13, 36, 10, 16, 34
    SO_PEERCRED, SO_PEERSEC, SO_PRIORITY, SO_PROTOCOL, SO_RCVLOWAT, SO_RCVTIMEO = 17, 31, 12, 38, 18, 20
    SO_SNDLOWAT, SO_SNDTIMEO = 19, 21
    TCP_NODELAY, TCP_MAXSEG, TCP_CORK, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT = 1, 2, 3, 4, 5, 6
    TCP_SYNCNT, TCP_LINGER2, TCP_DEFER_ACCEPT, TCP_WINDOW_CLAMP, TCP_INFO, TCP_QUICKACK = 7, 8, 9, 10, 11, 12
    TCP_FASTOPEN, TCP_USER_TIMEOUT, TCP_NOTSENT_LOWAT = 23, 18, 25
    # Options a TCP program sets that the simulation keeps and reports but does not act on, with
    # Linux's defaults: (level, name) → value.
    _KEPT_OPTIONS = {(1, 9): 0, (1, 13): 0, (6, 1): 0, (6, 3): 0, (6, 4): 7200, (6, 5): 75, (6, 6): 9, (6, 12): 1,
                     (6, 18): 0}
    IP_BIND_ADDRESS_NO_PORT, IP_DEFAULT_MULTICAST_LOOP, IP_DEFAULT_MULTICAST_TTL = 24, 1, 1
    IP_DROP_MEMBERSHIP, IP_HDRINCL, IP_MAX_MEMBERSHIPS, IP_MULTICAST_IF, IP_OPTIONS = 36, 3, 20, 32, 4
    IP_RECVOPTS, IP_RECVRETOPTS, IP_RECVTOS, IP_RETOPTS, IP_TOS, IP_TRANSPARENT = 6, 7, 13, 7, 1, 19
    IPPROTO_AH, IPPROTO_DSTOPTS, IPPROTO_EGP, IPPROTO_ESP, IPPROTO_FRAGMENT, IPPROTO_GRE = 51, 60, 8, 50, 44, 47
    IPPROTO_HOPOPTS, IPPROTO_ICMPV6, IPPROTO_IDP, IPPROTO_IGMP, IPPROTO_IPIP, IPPROTO_IPV6 = 0, 58, 22, 2, 4, 41
    IPPROTO_MPTCP, IPPROTO_NONE, IPPROTO_PIM, IPPROTO_PUP, IPPROTO_RAW, IPPROTO_ROUTING = 262, 59, 103, 12, 255, 43
    IPPROTO_RSVP, IPPROTO_SCTP, IPPROTO_TP, IPPROTO_UDPLITE = 46, 132, 29, 136
    SCM_RIGHTS, SCM_CREDENTIALS = 1, 2
    has_ipv6 = False
    error = OSError
    timeout = TimeoutError
    gaierror = _k.gaierror

    class herror(OSError):
        __module__ = 'socket'

    import enum as _enum

    class AddressFamily(_enum.IntEnum):
        AF_UNSPEC = 0
        AF_UNIX = 1
        AF_INET = 2
        AF_INET6 = 10

    class SocketKind(_enum.IntEnum):
        SOCK_STREAM = 1
        SOCK_DGRAM = 2
        SOCK_RAW = 3
        SOCK_RDM = 4
        SOCK_SEQPACKET = 5
        SOCK_NONBLOCK = 2048
        SOCK_CLOEXEC = 524288

    class MsgFlag(_enum.IntFlag):
        MSG_OOB = 1
        MSG_PEEK = 2
        MSG_DONTROUTE = 4
        MSG_CTRUNC = 8
        MSG_TRUNC = 32
        MSG_DONTWAIT = 64
        MSG_EOR = 128
        MSG_WAITALL = 256
        MSG_CONFIRM = 2048
        MSG_ERRQUEUE = 8192
        MSG_NOSIGNAL = 16384
        MSG_MORE = 32768
        MSG_FASTOPEN = 536870912
        MSG_CMSG_CLOEXEC = 1073741824

    class AddressInfo(_enum.IntFlag):
        AI_PASSIVE = 1
        AI_CANONNAME = 2
        AI_NUMERICHOST = 4
        AI_V4MAPPED = 8
        AI_ALL = 16
        AI_ADDRCONFIG = 32
        AI_NUMERICSERV = 1024

    for _enum_class in (AddressFamily, SocketKind, MsgFlag, AddressInfo):
        _enum_class.__module__ = 'socket'
        globals().update(_enum_class.__members__)
    del _enum_class

_default_timeout = None
_UNSET = object()
# MSG_DONTWAIT as _recv tests it and socket()'s SOCK_NONBLOCK | SOCK_CLOEXEC: Linux's numbers;
# 0 on a Windows PC, which has neither.
_MSG_DONTWAIT = 64
_TYPE_FLAGS = 2048 | 524288


def _os_error(name, number, text, cls=OSError):
    """An error the shim raises itself: Linux's `cls(number, text)`, or on a Windows PC the
    Winsock error CPython raises there (_udplab_winerror)."""
    if _k.windows_error is not None:
        return _k.windows_error({'code': name})
    return cls(number, text)


# A Windows PC's socket module (CPython on Windows: PC/pyconfig.h, Winsock2.h values), installed
# by _udplab_winerror for a program on a host with profile 'windows'.
_WINDOWS_NUMBERS = {
    'SOL_SOCKET': 0xFFFF, 'SO_REUSEADDR': 4, 'SO_BROADCAST': 0x20, 'SO_SNDBUF': 0x1001,
    'SO_RCVBUF': 0x1002, 'SO_ERROR': 0x1007, 'SO_TYPE': 0x1008, 'SO_EXCLUSIVEADDRUSE': -5,
    'SO_KEEPALIVE': 8, 'SO_LINGER': 0x80, 'SO_OOBINLINE': 0x100, 'SO_DEBUG': 1, 'SO_DONTROUTE': 0x10,
    'SO_ACCEPTCONN': 2, 'SO_RCVLOWAT': 0x1004, 'SO_SNDLOWAT': 0x1003, 'SO_RCVTIMEO': 0x1006,
    'SO_SNDTIMEO': 0x1005, 'SOMAXCONN': 0x7FFFFFFF, 'IP_TTL': 4, 'IP_TOS': 3, 'IP_MULTICAST_TTL': 10,
    'IP_MULTICAST_LOOP': 11, 'IP_ADD_MEMBERSHIP': 12, 'IP_DROP_MEMBERSHIP': 13, 'IP_MULTICAST_IF': 9,
    'IP_HDRINCL': 2, 'IP_OPTIONS': 1, 'AF_INET6': 23,
}
# Linux-only names CPython on Windows does not have.
_NOT_ON_WINDOWS = (
    'MSG_DONTWAIT', 'MSG_CONFIRM', 'MSG_NOSIGNAL', 'MSG_MORE', 'MSG_FASTOPEN', 'MSG_CMSG_CLOEXEC',
    'MSG_EOR', 'SOCK_NONBLOCK', 'SOCK_CLOEXEC', 'SO_REUSEPORT', 'SO_BINDTODEVICE', 'SO_PASSCRED',
    'SO_PEERCRED', 'SO_PASSSEC', 'SO_PEERSEC', 'SO_MARK', 'SO_PRIORITY', 'SO_DOMAIN', 'SO_PROTOCOL',
    'SO_INCOMING_CPU', 'SCM_CREDENTIALS', 'SCM_RIGHTS', 'IP_TRANSPARENT', 'IP_BIND_ADDRESS_NO_PORT',
    'IP_RECVOPTS', 'IP_RECVRETOPTS', 'IP_RETOPTS', 'IP_RECVTOS', 'IPPROTO_MPTCP', 'IPPROTO_UDPLITE',
    'IPPROTO_SCTP', 'SOL_IP', 'SOL_TCP', 'SOL_UDP', 'AF_UNIX',
)


def _become_windows():
    """This module as CPython on Windows has it: Winsock's option numbers, no Linux-only names."""
    global _MSG_DONTWAIT, _TYPE_FLAGS
    _MSG_DONTWAIT = _TYPE_FLAGS = 0
    space = globals()
    for name in _NOT_ON_WINDOWS:
        space.pop(name, None)
    space.update(_WINDOWS_NUMBERS)


def _index(x):
    # CPython's "'str' object cannot be interpreted as an integer".
    if isinstance(x, int):
        return int(x)
    if _BOARD:
        raise TypeError("can't convert %s to int" % type(x).__name__)
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__)


def _is_quad(host):
    parts = host.split('.')
    if len(parts) != 4:
        return False
    for p in parts:
        if not p or len(p) > 3 or not p.isdigit() or int(p) > 255:
            return False
    return True


def _resolve(host):
    """Host string → IPv4 address string, as getaddrinfo would, on the simulated network."""
    if host == '':
        return '0.0.0.0'
    if host == '<broadcast>' and not _BOARD:
        return '255.255.255.255'
    if _is_quad(host):
        return host
    return _k.call(_op.NET_RESOLVE, name=host)


_known_addresses = {}


def _address(addr, what):
    """Check an AF_INET (host, port) pair the way CPython (or the board) does; resolve it."""
    try:
        known = _known_addresses.get(addr)
    except TypeError:  # unhashable: let the checks below say what is wrong
        known = None
    if known is not None:
        return known
    checked = _check_address(addr, what)
    if len(_known_addresses) < 256 and type(addr) is tuple and type(addr[0]) is str and _is_quad(addr[0]):
        _known_addresses[addr] = checked
    return checked


def _check_address(addr, what):
    if _BOARD:
        try:
            host, port = addr
        except Exception:
            raise TypeError('object with buffer protocol required') from None
        if isinstance(host, bytes):
            host = host.decode()
        return _resolve(host), _index(port)
    if not isinstance(addr, tuple):
        raise TypeError('%s(): AF_INET address must be tuple, not %s' % (what, type(addr).__name__))
    if len(addr) != 2:
        raise TypeError('AF_INET address must be a pair (host, port)')
    host, port = addr
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode('idna')
    elif not isinstance(host, str):
        raise TypeError('str, bytes or bytearray expected, not %s' % type(host).__name__)
    port = _index(port)
    if not 0 <= port <= 65535:
        raise OverflowError('%s(): port must be 0-65535.' % what)
    return _resolve(host), port


def _payload(data):
    if isinstance(data, str):
        if _BOARD:
            return data.encode()
        raise TypeError("a bytes-like object is required, not 'str'")
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if _BOARD:
        if isinstance(data, memoryview):
            return bytes(data)
        raise TypeError('object with buffer protocol required')
    try:
        view = memoryview(data)  # array.array, memoryview slices: anything with the buffer protocol
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'" % type(data).__name__) from None
    if not view.c_contiguous:
        raise BufferError('memoryview: underlying buffer is not C-contiguous')
    return view.tobytes()


def _check_timeout(value):
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, (int, float)):
        if _BOARD:
            raise TypeError("can't convert %s to float" % type(value).__name__)
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(value).__name__)
    value = float(value)
    if not _BOARD:
        if value != value:
            raise ValueError('Invalid value NaN (not a number)')
        if not -9223372036.854775 < value < 9223372036.854775:  # nanoseconds in a 64-bit int
            raise OverflowError('timestamp out of range for platform time_t')
    if value < 0:
        if _BOARD:
            return None  # lwIP: a negative timeout means block forever
        raise ValueError('Timeout value out of range')
    return value


class _Socket:
    """What both dialects share: the fd, the timeout and the calls into the simulator."""

    _shut = 0  # shutdown() so far: 1 = no more reading, 2 = no more sending (CPython only)

    def __init__(self, family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None):
        if fileno is not None:
            raise OSError(95, 'Operation not supported: fileno= is not simulated')
        if family != AF_INET:
            if _BOARD:
                raise OSError(97)
            raise OSError(97, 'Address family not supported by protocol')
        if type != SOCK_DGRAM and type != SOCK_STREAM:
            raise OSError(93) if _BOARD else OSError(93, 'Protocol not supported')
        self._family = family
        self._type = type
        self._proto = proto
        self._timeout = _default_timeout
        self._stream = type == SOCK_STREAM
        self._fd = -1
        self._fd = _k.call(_op.SOCKET_SOCKET, family=int(family), type=int(type))

    @classmethod
    def _accepted(cls, parent, fd):
        """The socket object of a connection accept() took: blocking (CPython: the default
        timeout), whatever the listener's timeout."""
        conn = object.__new__(cls)
        conn._family, conn._type, conn._proto = parent._family, parent._type, parent._proto
        conn._timeout = None if _BOARD else _default_timeout
        conn._stream = True
        conn._fd = fd
        return conn

    # --- plumbing -------------------------------------------------------------------------
    def _live_fd(self):
        if self._fd < 0:
            raise OSError(9) if _BOARD else _os_error('EBADF', 9, 'Bad file descriptor')
        return self._fd

    def _wait_ms(self):
        """The blocking budget for recv: None = forever, 0 = don't wait."""
        t = self._timeout
        if t is None:
            return None
        if _BOARD:
            if t == 0:
                return 0
            # lwIP polls in 100 ms steps: timeouts end after (⌊t/0.1⌋ + 1) × 100 ms.
            return (int(t * 10 + 1e-9) + 1) * 100
        return t * 1000.0

    def _recv(self, bufsize, what, flags=0):
        bufsize = _index(bufsize)
        if bufsize < 0:
            if _BOARD:
                raise ValueError('negative buffersize')
            raise ValueError('negative buffersize in %s' % what)
        fd = self._live_fd()
        wait = self._wait_ms()
        shut_rd = not _BOARD and self._shut & 1
        if shut_rd:
            wait = 0
        peek = ''
        if flags:
            if flags & _MSG_DONTWAIT and wait is None:
                wait = 0  # with a timeout CPython waits for data first, as without the flag
            if flags & MSG_PEEK:
                peek = ',"peek":true'
        if wait != 0:
            _k.flush_stdout()
        request = '{"fd":%d,"n":%d,"timeout":%s%s}' % (fd, bufsize, 'null' if wait is None else repr(float(wait)), peek)
        if self._stream:
            answer, data = _k.exchange(_op.SOCKET_RECV, request)
            if answer == '{"result":null}':
                return (data if data is not None else b''), None
        else:
            answer, data = _k.exchange(_op.SOCKET_RECVFROM, request)
            if answer.startswith('{"result":["'):
                ip, _, port = answer[12:-2].partition('",')
                return (data if data is not None else b''), (ip, int(port))
        err = _k.json.loads(answer).get('error')
        if err is not None:
            if shut_rd and not self._stream and err.get('code') == 'EAGAIN':
                return b'', None  # after shutdown(SHUT_RD) Linux reads an empty queue as b''
            self._fail(err)
        raise OSError(5, 'unexpected answer from the simulator: ' + answer)

    def _fail(self, err):
        """Raise what the error answer `err` means. ETIMEDOUT is the socket's own timeout for UDP
        and, for TCP, when its text says so ('timed out'); else the connection timed out."""
        code = err.get('code')
        if code == 'ETIMEDOUT' and (not self._stream or err.get('message') == 'timed out'):
            if _BOARD:
                # under 0.1 s the board reports EAGAIN, like a non-blocking socket
                raise OSError(11 if self._timeout is not None and self._timeout < 0.1 else 110)
            raise TimeoutError('timed out')
        if _BOARD and code == 'ENETUNREACH' and 'TCP' in err.get('message', ''):
            print('[UDP Lab] ' + err['message'])  # the board's OSError shows only a number
        raise _k.error_from(err)

    def _timeout_json(self, wait):
        return 'null' if wait is None else repr(float(wait))

    def _send_stream(self, payload, whole):
        fd = self._live_fd()
        wait = self._wait_ms()
        if wait != 0:
            _k.flush_stdout()
        answer = _k.exchange(_op.SOCKET_SEND, '{"fd":%d,"timeout":%s%s}' % (
            fd, self._timeout_json(wait), ',"all":true' if whole else ''), payload)[0]
        if answer.startswith('{"result":') and answer[10:11].isdigit():
            return int(answer[10:-1])
        self._fail(_k.json.loads(answer).get('error') or {})

    def listen(self, backlog=None):
        fd = self._live_fd()
        if backlog is None:
            backlog = min(SOMAXCONN, 128)
        backlog = _index(backlog)
        _k.call(_op.SOCKET_LISTEN, fd=fd, backlog=max(0, min(backlog, 0x7FFFFFFF)))

    def accept(self):
        fd = self._live_fd()
        wait = self._wait_ms()
        if wait != 0:
            _k.flush_stdout()
        result, err = _k.try_call(_op.SOCKET_ACCEPT, fd=fd, timeout=wait)
        if err is not None:
            self._fail(err)
        conn_fd, ip, port = result
        return type(self)._accepted(self, conn_fd), (ip, port)

    # --- the socket API ------------------------------------------------------------------
    def fileno(self):
        return self._fd

    def close(self):
        fd = self._fd
        if fd >= 0:
            self._fd = -1
            _k.call(_op.SOCKET_CLOSE, fd=fd)

    def bind(self, address):
        fd = self._live_fd()
        ip, port = _address(address, 'bind')
        _k.call(_op.SOCKET_BIND, fd=fd, ip=ip, port=port)

    def connect(self, address):
        fd = self._live_fd()
        ip, port = _address(address, 'connect')
        if not self._stream:
            _k.call(_op.SOCKET_CONNECT, fd=fd, ip=ip, port=port)
            return
        wait = self._wait_ms()
        if _BOARD and wait != 0:
            wait = None  # lwIP's connect waits for the handshake whatever the timeout
        if wait != 0:
            _k.flush_stdout()
        result, err = _k.try_call(_op.SOCKET_CONNECT, fd=fd, ip=ip, port=port, timeout=wait)
        if err is not None:
            self._fail(err)

    def sendto(self, data, *args):
        if len(args) == 1:
            address = args[0]
        elif len(args) == 2 and not _BOARD:
            _index(args[0])  # flags: accepted, ignored
            address = args[1]
        else:
            raise TypeError('sendto() takes 2 or 3 arguments (%d given)' % (len(args) + 1))
        payload = _payload(data)
        if self._stream:
            _address(address, 'sendto')
            return self._send_stream(payload, False)  # Linux's TCP ignores the address
        fd = self._live_fd()
        try:
            known = _known_addresses.get(address)  # checked before: skip the checks
        except TypeError:
            known = None
        if known is None:
            if _BOARD and not (isinstance(address, tuple) and len(address) == 2 and isinstance(address[0], str)
                               and (_is_quad(address[0]) or address[0] == '')):
                raise ValueError('invalid arguments')
            known = _address(address, 'sendto')
        ip, port = known
        if not _BOARD and self._shut & 2:
            self._broken_pipe(False)
        answer = _k.exchange(_op.SOCKET_SENDTO, '{"fd":%d,"ip":"%s","port":%d}' % (fd, ip, port), payload)[0]
        if answer.startswith('{"result":') and answer[10:11].isdigit():
            return int(answer[10:-1])
        return _k.result_of(answer)

    def send(self, data, flags=0):
        payload = _payload(data)
        if self._stream:
            return self._send_stream(payload, False)
        fd = self._live_fd()
        if not _BOARD and self._shut & 2:
            self._broken_pipe(True)
        return _k.call(_op.SOCKET_SENDTO, payload, fd=fd)

    def _broken_pipe(self, unaddressed):
        """After shutdown(SHUT_WR) Linux refuses to send: EPIPE (EDESTADDRREQ comes first)."""
        if unaddressed:
            try:
                self.getpeername()
            except OSError:
                raise _os_error('EDESTADDRREQ', 89, 'Destination address required') from None
        raise _os_error('ESHUTDOWN', 32, 'Broken pipe', BrokenPipeError)

    def sendall(self, data, flags=0):
        if self._stream:
            self._send_stream(_payload(data), True)
            return None
        self.send(data, flags)

    def recvfrom(self, bufsize, flags=0):
        if _BOARD:
            return self._recv(bufsize, 'recvfrom')
        if flags or type(flags) is not int:  # the usual 0 skips the checks (hot path)
            flags = _c_int(flags)
        return self._recv(bufsize, 'recvfrom', flags)

    def recv(self, bufsize, flags=0):
        if _BOARD:
            return self._recv(bufsize, 'recv')[0]
        if flags or type(flags) is not int:
            flags = _c_int(flags)
        if _index(bufsize) == 0:
            return b''  # CPython returns at once, without reading a datagram
        return self._recv(bufsize, 'recv', flags)[0]

    def settimeout(self, value):
        self._timeout = _check_timeout(value)
        if not _BOARD:
            self._live_fd()  # CPython stores it, then fails on the closed descriptor

    def setblocking(self, flag):
        if not _BOARD:
            flag = _operator.index(flag)
        self._timeout = None if flag else 0.0
        if not _BOARD:
            self._live_fd()

    def setsockopt(self, level, optname, value, optlen=None):
        fd = self._live_fd()
        level = _index(level)
        optname = _index(optname)
        if isinstance(value, (bytes, bytearray)):
            value = int.from_bytes(bytes(value)[:4], 'little')
        elif value is None:
            value = 0
        elif not isinstance(value, int):
            raise TypeError("a bytes-like object is required, not '%s'" % type(value).__name__)
        if not _BOARD and (level, optname) in _KEPT_OPTIONS:
            # TCP's keep-alive, linger and Nagle switches: kept and reported, not simulated
            self._kept = dict(getattr(self, '_kept', None) or {})
            self._kept[(level, optname)] = int(value)
            return
        _k.call(_op.SOCKET_SETSOCKOPT, fd=fd, level=level, name=optname, value=int(value))



if _BOARD:

    class socket(_Socket):
        """The 掌控板's usocket.socket: no getsockname, no context manager, reads as streams."""

        def __init__(self, *args, **kwargs):
            # The firmware's socket_make_new: mp_arg_check_num(0..3, no keywords), then
            # mp_obj_get_int on each argument (an int or a bool, nothing else).
            if kwargs:
                raise TypeError("function doesn't take keyword arguments")
            if len(args) > 3:
                raise TypeError('function expected at most 3 arguments, got %d' % len(args))
            for arg in args:
                if not isinstance(arg, (int, bool)):
                    raise TypeError("can't convert %s to int" % type(arg).__name__)
            _Socket.__init__(self, *args)

        def setsockopt(self, level, optname, value):
            if level == SOL_SOCKET and optname == SO_REUSEADDR:
                _Socket.setsockopt(self, level, optname, value)
            else:
                print('Warning: lwip.setsockopt() option not implemented')

        def listen(self, *backlog):
            # The firmware's socket_listen takes exactly one argument (MP_DEFINE_CONST_FUN_OBJ_2).
            if len(backlog) != 1:
                raise TypeError('function takes 2 positional arguments but %d were given' % (len(backlog) + 1))
            _Socket.listen(self, backlog[0])

        def read(self, size=-1):
            if not self._stream:
                return self.recv(1500 if size is None or size < 0 else size)
            # A stream's read(n) gathers n bytes or up to the end of stream; read() all of it.
            out = b''
            while size is None or size < 0 or len(out) < size:
                chunk = self.recv(1024 if size is None or size < 0 else size - len(out))
                if not chunk:
                    break
                out += chunk
            return out

        def readinto(self, buf, nbytes=None):
            data = self.read(len(buf) if nbytes is None else nbytes)
            buf[: len(data)] = data
            return len(data)

        def readline(self):
            if not self._stream:
                return self.recv(1500)
            out = b''
            while not out.endswith(b'\n'):
                chunk = self.recv(1)  # the firmware's readline reads byte by byte too
                if not chunk:
                    break
                out += chunk
            return out

        def write(self, data):
            return self.send(data)

        def makefile(self, *args, **kwargs):
            return self

        def __repr__(self):
            return '<socket>'

else:

    class socket(_Socket):
        """CPython's socket.socket, for AF_INET / SOCK_DGRAM on the simulated network."""

        __module__ = 'socket'

        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None:
                family = _int_arg(AF_INET if family == -1 else family)
                type = _int_arg(SOCK_STREAM if type == -1 else type)
                proto = _int_arg(0 if proto == -1 else proto)
            flags = type & _TYPE_FLAGS
            kind = type & ~flags
            # Linux's socket(2) checks, in its order (AF_INET6 is not simulated)
            if family == AF_INET and fileno is None:
                if kind == SOCK_RAW:
                    raise PermissionError(1, 'Operation not permitted')
                if kind not in (SOCK_STREAM, SOCK_DGRAM):
                    if kind in (SOCK_SEQPACKET, 4, 6, 10):
                        raise OSError(94, 'Socket type not supported')
                    raise OSError(22, 'Invalid argument')
                if kind == SOCK_DGRAM and proto not in (0, IPPROTO_UDP, 136):
                    raise OSError(93, 'Protocol not supported')
                if kind == SOCK_STREAM and proto not in (0, IPPROTO_TCP, 262):
                    raise OSError(93, 'Protocol not supported')
            _Socket.__init__(self, family, kind, proto, fileno)
            self._shut = 0
            if flags & 2048:  # SOCK_NONBLOCK
                self._timeout = 0.0

        _io_refs = 0  # makefile() objects still open: the socket closes when the last one does
        _closed = False

        def close(self):
            self._closed = True
            if self._io_refs <= 0:
                _Socket.close(self)

        def _decref_socketios(self):
            if self._io_refs > 0:
                self._io_refs -= 1
            if self._closed:
                self.close()

        def makefile(self, mode='r', buffering=None, *, encoding=None, errors=None, newline=None):
            """A file over the socket (CPython's, on a SocketIO): 'r', 'rb', 'w', 'wb', 'rwb'…"""
            if not set(mode) <= {'r', 'w', 'b'}:
                raise ValueError('invalid mode %r (only r, w, b allowed)' % (mode,))
            reading, writing, binary = 'r' in mode, 'w' in mode, 'b' in mode
            if not (reading or writing):
                raise ValueError('invalid mode: %r' % (mode,))
            raw = SocketIO(self, ('r' if reading else '') + ('w' if writing else ''))
            self._io_refs += 1
            if buffering is None:
                buffering = -1
            if buffering < 0:
                buffering = _io.DEFAULT_BUFFER_SIZE
            if buffering == 0:
                if not binary:
                    raise ValueError('unbuffered streams must be binary')
                return raw
            if reading and writing:
                buffer = _io.BufferedRWPair(raw, raw, buffering)
            elif reading:
                buffer = _io.BufferedReader(raw, buffering)
            else:
                buffer = _io.BufferedWriter(raw, buffering)
            if binary:
                return buffer
            text = _io.TextIOWrapper(buffer, encoding, errors, newline)
            text.mode = mode
            return text

        family = property(lambda self: AddressFamily(self._family))
        type = property(lambda self: SocketKind(self._type))
        proto = property(lambda self: self._proto)
        timeout = property(lambda self: self._timeout)

        def gettimeout(self):
            return self._timeout

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

        def getblocking(self):
            return self._timeout != 0.0

        def getsockname(self):
            return tuple(_k.call(_op.SOCKET_GETSOCKNAME, fd=self._live_fd()))

        def getpeername(self):
            peer = tuple(_k.call(_op.SOCKET_GETPEERNAME, fd=self._live_fd()))
            if peer[1] == 0:  # connect() to port 0: Linux has no peer to name
                raise _os_error('ENOTCONN', 107, 'Transport endpoint is not connected')
            return peer

        def getsockopt(self, level, optname, buflen=None):
            key = (_index(level), _index(optname))
            if key in _KEPT_OPTIONS:
                self._live_fd()
                value = (getattr(self, '_kept', None) or {}).get(key, _KEPT_OPTIONS[key])
            else:
                value = _k.call(_op.SOCKET_GETSOCKOPT, fd=self._live_fd(), level=key[0], name=key[1])
            if buflen is not None:
                return int(value).to_bytes(4, 'little')[:buflen].ljust(buflen, b'\0')
            return value

        def connect_ex(self, address):
            try:
                self.connect(address)
            except (gaierror, herror):
                raise  # a bad address is raised, as CPython does; only connect(2)'s errors return
            except TimeoutError as e:
                return e.errno or 11  # the socket's timeout ran out: EWOULDBLOCK, as CPython returns
            except OSError as e:
                return e.errno or 0
            return 0

        def _into(self, buffer, nbytes, flags, what):
            """recv_into / recvfrom_into: the caller's buffer is written, never resized."""
            try:
                view = memoryview(buffer)
            except TypeError:
                view = None
            if view is None or view.readonly:
                raise TypeError('%s() argument 1 must be read-write bytes-like object, not %s' % (
                    what, 'None' if buffer is None else type(buffer).__name__))
            view = view.cast('B') if view.format != 'B' or view.ndim != 1 else view
            nbytes = _operator.index(nbytes)
            flags = _c_int(flags)
            if nbytes < 0:
                raise ValueError('negative buffersize in %s' % what)
            if nbytes == 0:
                nbytes = len(view)
            elif nbytes > len(view):
                if what == 'recv_into':
                    raise ValueError('buffer too small for requested bytes')
                raise ValueError('nbytes is greater than the length of the buffer')
            if nbytes == 0 and what == 'recv_into':
                return 0, None  # CPython returns at once, without reading a datagram
            data, addr = self._recv(nbytes, what, flags)
            view[: len(data)] = data
            return len(data), addr

        def recvfrom_into(self, buffer, nbytes=0, flags=0):
            return self._into(buffer, nbytes, flags, 'recvfrom_into')

        def recv_into(self, buffer, nbytes=0, flags=0):
            return self._into(buffer, nbytes, flags, 'recv_into')[0]

        def shutdown(self, how):
            how = _c_int(how)
            fd = self._live_fd()
            if how not in (SHUT_RD, SHUT_WR, SHUT_RDWR):
                raise OSError(22, 'Invalid argument')
            if self._stream:
                _k.call(_op.SOCKET_SHUTDOWN, fd=fd, how=('SHUT_RD', 'SHUT_WR', 'SHUT_RDWR')[how])
                return
            # Linux marks the socket shut even when it then says it is not connected.
            self._shut |= how + 1
            self.getpeername()

        def detach(self):
            fd, self._fd = self._fd, -1
            return fd

        def __repr__(self):
            if self._fd < 0:
                return '<socket.socket [closed] fd=-1, family=%d, type=%d, proto=%d>' % (
                    self._family, self._type, self._proto)
            try:
                laddr = ', laddr=%r' % (self.getsockname(),)
            except OSError:
                laddr = ''
            try:
                raddr = ', raddr=%r' % (self.getpeername(),)
            except OSError:
                raddr = ''
            return '<socket.socket fd=%d, family=%d, type=%d, proto=%d%s%s>' % (
                self._fd, self._family, self._type, self._proto, laddr, raddr)

        def __getstate__(self):
            raise TypeError("cannot pickle 'socket' object")

        def __del__(self):
            # CPython closes a socket nobody refers to any more (and frees its port).
            try:
                self.close()
            except BaseException:
                pass

    SocketType = socket

    def getdefaulttimeout():
        return _default_timeout

    def setdefaulttimeout(timeout):
        global _default_timeout
        _default_timeout = _check_timeout(timeout)

    def gethostname():
        return _k.call(_op.NET_GETHOSTNAME)

    def getfqdn(name=''):
        return name or gethostname()

    def gethostbyname(hostname):
        if not isinstance(hostname, str):
            raise TypeError('gethostbyname() argument 1 must be str, not %s' % type(hostname).__name__)
        return _resolve(hostname)

    def gethostbyname_ex(hostname):
        return (hostname, [], [gethostbyname(hostname)])

    import _udplab_inet
    import operator as _operator

    def _c_string(value, what, position):
        """CPython's "s" argument: a str without NUL characters."""
        if not isinstance(value, str):
            raise TypeError('%s() argument %d must be str, not %s' % (
                what, position, 'None' if value is None else type(value).__name__))
        if '\0' in value:
            raise ValueError('embedded null character')
        return value

    def _buffer(value):
        """CPython's "y*" argument: bytes of any object with the buffer protocol."""
        if isinstance(value, str) or value is None:
            raise TypeError("a bytes-like object is required, not '%s'" % type(value).__name__)
        try:
            return memoryview(value).tobytes()
        except TypeError:
            raise TypeError("a bytes-like object is required, not '%s'" % type(value).__name__) from None

    def inet_aton(ip_string):
        packed = _udplab_inet.aton(_c_string(ip_string, 'inet_aton', 1))
        if packed is None:
            raise OSError('illegal IP address string passed to inet_aton')
        return packed

    def inet_ntoa(packed_ip):
        packed = _buffer(packed_ip)
        if len(packed) != 4:
            raise OSError('packed IP wrong length for inet_ntoa')
        return '%d.%d.%d.%d' % tuple(packed)

    def inet_pton(address_family, ip_string):
        family = _c_int(address_family)
        text = _c_string(ip_string, 'inet_pton', 2)
        if family == AF_INET:
            packed = _udplab_inet.pton4(text)
        elif family == AF_INET6:
            packed = _udplab_inet.pton6(text)
        else:
            raise OSError(97, 'Address family not supported by protocol')
        if packed is None:
            raise OSError('illegal IP address string passed to inet_pton')
        return packed

    def inet_ntop(address_family, packed_ip):
        family = _c_int(address_family)
        packed = _buffer(packed_ip)
        if family not in (AF_INET, AF_INET6):
            raise ValueError('unknown address family %d' % family)
        if len(packed) != (4 if family == AF_INET else 16):
            raise ValueError('invalid length of packed IP address string')
        return inet_ntoa(packed) if family == AF_INET else _udplab_inet.ntop6(packed)

    def _c_int(x):
        """CPython's "i" argument: an index that fits a C int."""
        x = _operator.index(x)
        if x > 0x7FFFFFFF:
            if x > 0x7FFFFFFFFFFFFFFF:
                raise OverflowError('Python int too large to convert to C long')
            raise OverflowError('signed integer is greater than maximum')
        if x < -0x80000000:
            if x < -0x8000000000000000:
                raise OverflowError('Python int too large to convert to C long')
            raise OverflowError('signed integer is less than minimum')
        return x

    def _int_arg(x):
        """An int argument as CPython's argument clinic converts it."""
        x = _operator.index(x)
        if not -0x80000000 <= x <= 0x7FFFFFFF:
            raise OverflowError('Python int too large to convert to C int')
        return x

    def _short(x, what):
        x = _c_int(x)
        if x < 0:
            raise OverflowError("%s: can't convert negative Python int to C 16-bit unsigned integer" % what)
        if x > 0xFFFF:
            raise OverflowError('%s: Python int too large to convert to C 16-bit unsigned integer' % what)
        return ((x & 0xFF) << 8) | (x >> 8)

    def htons(x):
        return _short(x, 'htons')

    def ntohs(x):
        return _short(x, 'ntohs')

    def _long(x):
        if not isinstance(x, int):
            raise TypeError('expected int, %s found' % type(x).__name__)
        if x < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        if x > 0xFFFFFFFFFFFFFFFF:
            raise OverflowError('Python int too large to convert to C unsigned long')
        if x > 0xFFFFFFFF:
            raise OverflowError('int larger than 32 bits')
        return int.from_bytes(int(x).to_bytes(4, 'little'), 'big')

    def htonl(x):
        return _long(x)

    def ntohl(x):
        return _long(x)

    import io as _io

    class SocketIO(_io.RawIOBase):
        """The raw file under makefile(): reads with recv_into, writes with send."""

        __module__ = 'socket'

        def __init__(self, sock, mode):
            if mode not in ('r', 'w', 'rw', 'rb', 'wb', 'rwb'):
                raise ValueError('invalid mode: %r' % mode)
            _io.RawIOBase.__init__(self)
            self._sock = sock
            if 'b' not in mode:
                mode += 'b'
            self._mode = mode
            self._reading = 'r' in mode
            self._writing = 'w' in mode
            self._timeout_occurred = False

        def readinto(self, b):
            self._checkClosed()
            self._checkReadable()
            if self._timeout_occurred:
                raise OSError('cannot read from timed out object')
            try:
                return self._sock.recv_into(b)
            except TimeoutError:
                self._timeout_occurred = True
                raise
            except BlockingIOError:
                return None

        def write(self, b):
            self._checkClosed()
            self._checkWritable()
            try:
                return self._sock.send(b)
            except BlockingIOError:
                return None

        def readable(self):
            if self.closed:
                raise ValueError('I/O operation on closed socket.')
            return self._reading

        def writable(self):
            if self.closed:
                raise ValueError('I/O operation on closed socket.')
            return self._writing

        def seekable(self):
            if self.closed:
                raise ValueError('I/O operation on closed socket.')
            return False

        def fileno(self):
            self._checkClosed()
            return self._sock.fileno()

        @property
        def name(self):
            return self.fileno() if not self.closed else -1

        @property
        def mode(self):
            return self._mode

        def close(self):
            if self.closed:
                return
            _io.RawIOBase.close(self)
            self._sock._decref_socketios()
            self._sock = None

    _GLOBAL_DEFAULT_TIMEOUT = object()

    def create_connection(address, timeout=_GLOBAL_DEFAULT_TIMEOUT, source_address=None, *, all_errors=False):
        """Connect to (host, port) with a new TCP socket, as CPython's: every address in turn."""
        host, port = address
        last = None
        for family, kind, proto, _canon, addr in getaddrinfo(host, port, 0, SOCK_STREAM):
            sock = None
            try:
                sock = socket(family, kind, proto)
                if timeout is not _GLOBAL_DEFAULT_TIMEOUT:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(addr)
                return sock
            except OSError as e:
                last = e
                if sock is not None:
                    sock.close()
        if last is not None:
            raise last
        raise OSError('getaddrinfo returns an empty list')

    def has_dualstack_ipv6():
        return False

    def create_server(address, *, family=AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False):
        """A listening TCP socket on `address` with SO_REUSEADDR, as CPython's on Linux."""
        if reuse_port:
            raise ValueError('SO_REUSEPORT not supported on this platform')
        if dualstack_ipv6:
            raise ValueError('dualstack_ipv6 not supported on this platform')
        sock = socket(family, SOCK_STREAM)
        try:
            sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as err:
                raise OSError(err.errno, '%s (while attempting to bind on address %r)' % (err.strerror, address)) from None
            if backlog is None:
                sock.listen()
            else:
                sock.listen(backlog)
            return sock
        except BaseException:
            sock.close()
            raise

    def socketpair(*args, **kwargs):
        raise OSError(95, 'Operation not supported: socketpair is not simulated')


if _BOARD:

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        """[(family, type, proto, canonname, (ip, port))] for an IPv4 host on the simulated network."""
        ip = '127.0.0.1' if host is None else _resolve(host)
        port = 0 if port is None else int(port)
        return [(AF_INET, SOCK_STREAM, IPPROTO_TCP, '', (ip, port))]

else:
    import _udplab_netdb

    _GAI_TEXTS = {
        -1: 'Bad value for ai_flags', -2: 'Name or service not known', -6: 'ai_family not supported',
        -7: 'ai_socktype not supported', -8: 'Servname not supported for ai_socktype',
        -9: 'Address family for hostname not supported',
    }
    # glibc's socket types for getaddrinfo: (type, protocol, services' protocol name)
    _GAI_KINDS = ((SOCK_STREAM, IPPROTO_TCP, 'tcp'), (SOCK_DGRAM, IPPROTO_UDP, 'udp'), (SOCK_RAW, 0, None))

    def _gai(code):
        return gaierror(code, _GAI_TEXTS[code])

    def _service_number(text):
        """glibc reads a service with strtoul(text, &end, 10) into an int: that int, or None when
        characters follow the number (then it is a service name)."""
        i = 0
        while i < len(text) and text[i] in ' \t\n\v\f\r':
            i += 1
        negative = i < len(text) and text[i] == '-'
        if i < len(text) and text[i] in '+-':
            i += 1
        j = i
        while j < len(text) and text[j] in '0123456789':
            j += 1
        if j == i:
            return 0 if text == '' else None
        if j != len(text):
            return None
        value = min(int(text[i:j]), 0xFFFFFFFFFFFFFFFF)
        if negative:
            value = -value & 0xFFFFFFFFFFFFFFFF
        value &= 0xFFFFFFFF
        return value - (1 << 32) if value >= 0x80000000 else value

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        """CPython's getaddrinfo over glibc's, for IPv4 on the simulated network."""
        if isinstance(host, str):
            host = host.encode('idna').decode('ascii')
        elif isinstance(host, (bytes, bytearray)):
            host = bytes(host).decode('ascii')
        elif host is not None:
            raise TypeError('getaddrinfo() argument 1 must be string or None')
        if isinstance(port, int):
            if not -0x8000000000000000 <= port <= 0x7FFFFFFFFFFFFFFF:
                raise OverflowError('Python int too large to convert to C long')
            service = str(int(port))
        elif isinstance(port, str):
            service = port
        elif isinstance(port, bytes):
            service = port.decode('utf-8')
        elif port is None:
            service = None
        else:
            raise OSError('Int or String expected')
        family, type, proto, flags = _c_int(family), _c_int(type), _c_int(proto), _c_int(flags)
        if flags & ~0x7FF:
            raise _gai(EAI_BADFLAGS)
        if host is None and service is None:
            raise _gai(EAI_NONAME)
        if flags & AI_CANONNAME and host is None:
            raise _gai(EAI_BADFLAGS)
        if family not in (AF_UNSPEC, AF_INET, AF_INET6):
            raise _gai(EAI_FAMILY)
        number = 0 if service is None else _service_number(service)
        if number is None and flags & AI_NUMERICSERV:
            raise _gai(EAI_NONAME)
        if type or proto:
            kinds = [k for k in _GAI_KINDS if (not type or k[0] == type) and (not proto or k[1] == proto or k[0] == SOCK_RAW)][:1]
            if not kinds:
                raise _gai(EAI_SOCKTYPE if type else EAI_SERVICE)
        else:
            kinds = list(_GAI_KINDS)
        found = []
        for kind, kind_proto, service_proto in kinds:
            if number is not None and number >= 0:
                found.append((kind, proto or kind_proto, number & 0xFFFF))
            elif service_proto is not None:
                by_name = _udplab_netdb.port_of(service, service_proto)
                if by_name is not None:
                    found.append((kind, proto or kind_proto, by_name))
        if not found:
            raise _gai(EAI_SERVICE)
        if host is None:
            ip = '0.0.0.0' if flags & AI_PASSIVE else '127.0.0.1'
        else:
            packed = _udplab_inet.aton(host)
            if packed is not None:
                ip = '%d.%d.%d.%d' % tuple(packed)
            elif flags & AI_NUMERICHOST or host == '':
                raise _gai(EAI_NONAME)
            else:
                ip = _resolve(host)
        if family == AF_INET6:
            raise _gai(EAI_ADDRFAMILY)  # no IPv6 on the simulated network
        canon = host if flags & AI_CANONNAME else ''
        out = []
        for kind, kind_proto, number in found:
            out.append((AF_INET, SocketKind(kind), kind_proto, canon, (ip, number)))
            canon = ''
        return out

    def _reverse(ip):
        """The name of an address (127.0.0.1 is localhost, as /etc/hosts says), or None."""
        result, err = _k.try_call(_op.NET_REVERSE, ip=ip)
        return None if err is not None else result

    def getnameinfo(sockaddr, flags):
        flags = _c_int(flags)
        if not isinstance(sockaddr, tuple):
            raise TypeError('getnameinfo() argument 1 must be a tuple')
        if not 2 <= len(sockaddr) <= 4 or not isinstance(sockaddr[0], str):
            raise TypeError('getnameinfo(): illegal sockaddr argument')
        port = _c_int(sockaddr[1])
        found = getaddrinfo(sockaddr[0], str(port), AF_UNSPEC, SOCK_DGRAM, 0, AI_NUMERICHOST)
        if len(sockaddr) != 2:
            raise OSError('IPv4 sockaddr must be 2 tuple')
        ip, number = found[0][4]
        name = None if flags & NI_NUMERICHOST else _reverse(ip)
        if name is None:
            if flags & NI_NAMEREQD:
                raise _gai(EAI_NONAME)
            name = ip
        service = None
        if not flags & NI_NUMERICSERV:
            service = _udplab_netdb.name_of(number, 'udp' if flags & NI_DGRAM else 'tcp')
        return name, service or str(number)

    def gethostbyaddr(ip_address):
        if isinstance(ip_address, (bytes, bytearray)):
            ip_address = bytes(ip_address).decode()
        elif not isinstance(ip_address, str):
            raise TypeError('gethostbyaddr() argument 1 must be str, bytes or bytearray, not %s' % (
                type(ip_address).__name__))
        ip = getaddrinfo(ip_address, None, AF_INET)[0][4][0]
        name = _reverse(ip)
        if name is None:
            raise herror(1, 'Unknown host')
        return name, [], [ip]

    def getservbyname(servicename, protocolname=None):
        servicename = _c_string(servicename, 'getservbyname', 1)
        if protocolname is not None:
            protocolname = _c_string(protocolname, 'getservbyname', 2)
        port = _udplab_netdb.port_of(servicename, protocolname)
        if port is None:
            raise OSError('service/proto not found')
        return port

    def getservbyport(port, protocolname=None):
        port = _c_int(port)
        if not 0 <= port <= 0xFFFF:
            raise OverflowError('getservbyport: port must be 0-65535.')
        if protocolname is not None:
            protocolname = _c_string(protocolname, 'getservbyport', 2)
        name = _udplab_netdb.name_of(port, protocolname)
        if name is None:
            raise OSError('port/proto not found')
        return name

    def getprotobyname(protocolname):
        number = {'ip': 0, 'icmp': 1, 'tcp': 6, 'udp': 17}.get(_c_string(protocolname, 'getprotobyname', 1))
        if number is None:
            raise OSError('protocol not found')
        return number
