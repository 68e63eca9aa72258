# A Windows PC (host profile 'windows'): errors as CPython on Windows 10/11 raises them. The
# simulator's answers carry Linux errno names; here each becomes the Winsock error CPython's
# socketmodule.c would have raised (set_error → PyErr_SetExcFromWindowsErr): an OSError subclass
# picked by winerror_to_errno(code) (PC/errmap.h: Winsock codes are their own errno, except
# WSAEINTR/EBADF/EACCES/EFAULT/EINVAL/EMFILE, which are code - 10000), with `winerror` set, args
# (errno, text), and str() '[WinError <code>] <text>'. The texts are Windows' own message table
# (FormatMessageW in the system's language) with trailing blanks and '.' removed, as errors.c does.
# Facts and sources: site/runtime/netsim/WINDOWS.md.
import sys

# Linux errno name (what the simulator answers) → Winsock code.
WSA = {
    'EINTR': 10004,
    'EBADF': 10038,  # a closed socket: CPython's fd is -1, Winsock says WSAENOTSOCK
    'EACCES': 10013,
    'EINVAL': 10022,
    'EMFILE': 10024,
    'ENFILE': 10024,
    'EAGAIN': 10035,
    'EWOULDBLOCK': 10035,
    'EINPROGRESS': 10035,  # a non-blocking connect: WSAEWOULDBLOCK on Windows
    'EALREADY': 10037,
    'ENOTSOCK': 10038,
    'EDESTADDRREQ': 10039,
    'EMSGSIZE': 10040,
    'EPROTOTYPE': 10041,
    'ENOPROTOOPT': 10042,
    'EPROTONOSUPPORT': 10043,
    'EOPNOTSUPP': 10045,
    'EAFNOSUPPORT': 10047,
    'EADDRINUSE': 10048,
    'EADDRNOTAVAIL': 10049,
    'ENETDOWN': 10050,
    'ENETUNREACH': 10051,
    'ECONNABORTED': 10053,
    'ECONNRESET': 10054,
    'ENOBUFS': 10055,
    'EISCONN': 10056,
    'ENOTCONN': 10057,
    'EPIPE': 10053,  # send on a connection the peer ended: WSAECONNABORTED (unverified)
    'ESHUTDOWN': 10058,
    'ETIMEDOUT': 10060,
    'ECONNREFUSED': 10061,
    'EHOSTUNREACH': 10065,
}

# Winsock code → (Chinese Windows text, English Windows text), as Python shows them.
TEXTS = {
    10004: ('一个封锁操作被对 WSACancelBlockingCall 的调用中断。',
            'A blocking operation was interrupted by a call to WSACancelBlockingCall'),
    10013: ('以一种访问权限不允许的方式做了一个访问套接字的尝试。',
            'An attempt was made to access a socket in a way forbidden by its access permissions'),
    10022: ('提供了一个无效的参数。', 'An invalid argument was supplied'),
    10024: ('打开的套接字太多。', 'Too many open sockets'),
    10035: ('无法立即完成一个非阻止性套接字操作。',
            'A non-blocking socket operation could not be completed immediately'),
    10037: ('在一个非阻止性套接字上尝试了一个已经在进行的操作。',
            'An operation was attempted on a non-blocking socket that already had an operation in progress'),
    10038: ('在一个非套接字上尝试了一个操作。', 'An operation was attempted on something that is not a socket'),
    10039: ('请求的地址在一个套接字中的操作中被忽略。', 'A required address was omitted from an operation on a socket'),
    10040: ('一个在数据报套接字上发送的消息大于内部消息缓冲区或其他一些网络限制，或该用户用于接收数据报的缓冲区比数据报小。',
            'A message sent on a datagram socket was larger than the internal message buffer or some other '
            'network limit, or the buffer used to receive a datagram into was smaller than the datagram itself'),
    10041: ('在套接字函数调用中指定的一个协议不支持请求的套接字类型的语法。',
            'A protocol was specified in the socket function call that does not support the semantics of the '
            'socket type requested'),
    10042: ('在 getsockopt 或 setsockopt 调用中指定的一个未知的、无效的或不受支持的选项或层次。',
            'An unknown, invalid, or unsupported option or level was specified in a getsockopt or setsockopt call'),
    10043: ('请求的协议没有在系统中配置，或者没有它存在的迹象。',
            'The requested protocol has not been configured into the system, or no implementation for it exists'),
    10045: ('参考的对象类型不支持尝试的操作。', 'The attempted operation is not supported for the type of object referenced'),
    10047: ('使用了与请求的协议不兼容的地址。', 'An address incompatible with the requested protocol was used'),
    10048: ('通常每个套接字地址(协议/网络地址/端口)只允许使用一次。',
            'Only one usage of each socket address (protocol/network address/port) is normally permitted'),
    10049: ('在其上下文中，该请求的地址无效。', 'The requested address is not valid in its context'),
    10050: ('套接字操作遇到了一个已死的网络。', 'A socket operation encountered a dead network'),
    10051: ('向一个无法连接的网络尝试了一个套接字操作。', 'A socket operation was attempted to an unreachable network'),
    10053: ('你的主机中的软件中止了一个已建立的连接。',
            'An established connection was aborted by the software in your host machine'),
    10054: ('远程主机强迫关闭了一个现有的连接。', 'An existing connection was forcibly closed by the remote host'),
    10055: ('由于系统缓冲区空间不足或队列已满，不能执行套接字上的操作。',
            'An operation on a socket could not be performed because the system lacked sufficient buffer space '
            'or because a queue was full'),
    10056: ('在一个已经连接的套接字上做了一个连接请求。', 'A connect request was made on an already connected socket'),
    10057: ('由于套接字没有连接并且(当使用一个 sendto 调用发送数据报套接字时)没有提供地址，发送或接收数据的请求没有被接受。',
            'A request to send or receive data was disallowed because the socket is not connected and (when '
            'sending on a datagram socket using a sendto call) no address was supplied'),
    10058: ('由于以前的关闭调用，套接字在那个方向已经关闭，发送或接收数据的请求没有被接受。',
            'A request to send or receive data was disallowed because the socket had already been shut down in '
            'that direction with a previous shutdown call'),
    10060: ('由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。',
            'A connection attempt failed because the connected party did not properly respond after a period of '
            'time, or established connection failed because connected host has failed to respond'),
    10061: ('由于目标计算机积极拒绝，无法连接。', 'No connection could be made because the target machine actively refused it'),
    10065: ('向一个无法连接的主机尝试了一个套接字操作。', 'A socket operation was attempted to an unreachable host'),
}

# Winsock codes whose errno is code - 10000 (PC/errmap.h).
_SMALL = (10004, 10009, 10013, 10014, 10022, 10024)

# errno (after winerror_to_errno) → class, as CPython's errnomap on Windows (Objects/exceptions.c:
# EWOULDBLOCK, ECONNRESET, … are the WSA codes there).
_CLASSES = {
    13: PermissionError,
    10035: BlockingIOError,
    10036: BlockingIOError,
    10037: BlockingIOError,
    10053: ConnectionAbortedError,
    10054: ConnectionResetError,
    10058: BrokenPipeError,
    10060: TimeoutError,
    10061: ConnectionRefusedError,
}

# Names the errno module of CPython on Windows gives the WSA codes (Modules/errnomodule.c).
ERRNO_NAMES = {
    'EADDRINUSE': 10048, 'EADDRNOTAVAIL': 10049, 'EAFNOSUPPORT': 10047, 'EALREADY': 10037,
    'ECONNABORTED': 10053, 'ECONNREFUSED': 10061, 'ECONNRESET': 10054, 'EDESTADDRREQ': 10039,
    'EHOSTUNREACH': 10065, 'EINPROGRESS': 10036, 'EISCONN': 10056, 'ELOOP': 10062, 'EMSGSIZE': 10040,
    'ENETDOWN': 10050, 'ENETRESET': 10052, 'ENETUNREACH': 10051, 'ENOBUFS': 10055,
    'ENOPROTOOPT': 10042, 'ENOTCONN': 10057, 'ENOTSOCK': 10038, 'EOPNOTSUPP': 10045,
    'EPROTONOSUPPORT': 10043, 'EPROTOTYPE': 10041, 'ETIMEDOUT': 10060, 'EWOULDBLOCK': 10035,
    'ESHUTDOWN': 10058, 'EHOSTDOWN': 10064,
}

LANGUAGE = 'zh'


def errno_of(code):
    """winerror_to_errno for a Winsock code."""
    return code - 10000 if code in _SMALL else code


def _winerror_class(base):
    """A subclass of `base` that prints as CPython on Windows prints a Winsock error."""

    class WinError(base):
        __module__ = 'builtins'

        def __str__(self):
            winerror = getattr(self, 'winerror', None)
            if winerror is not None and self.strerror is not None:
                return '[WinError %s] %s' % (winerror, self.strerror)
            return base.__str__(self)

    WinError.__name__ = WinError.__qualname__ = base.__name__
    return WinError


_WRAPPED = {}


def winerror(code, text=None):
    """The exception CPython on Windows raises for Winsock error `code`."""
    if text is None:
        pair = TEXTS.get(code)
        text = (pair[0] if LANGUAGE == 'zh' else pair[1]) if pair else 'Windows Error 0x%x' % code
    number = errno_of(code)
    base = _CLASSES.get(number, OSError)
    cls = _WRAPPED.get(base)
    if cls is None:
        cls = _WRAPPED[base] = _winerror_class(base)
    exc = cls(number, text)
    exc.winerror = code
    return exc


def from_answer(info):
    """The Windows exception for a simulator error answer {"code", "errno", "message"}, or None
    when CPython on Windows raises the same as on Linux (EINTR, name lookups are handled elsewhere)."""
    code = WSA.get(info.get('code'))
    return None if code is None else winerror(code)


def install(language, errno_module):
    """Called by _udplab_main.run for a program on a Windows PC, before the program runs."""
    global LANGUAGE
    import gc

    LANGUAGE = 'en' if language == 'en' else 'zh'
    # The errno module: the WSA codes under their errno names, as on Windows.
    for name, value in ERRNO_NAMES.items():
        old = getattr(errno_module, name, None)
        setattr(errno_module, name, value)
        codes = errno_module.errorcode
        if old is not None and codes.get(old) == name:
            del codes[old]
        codes[value] = name
    # OSError(10054, ...) is a ConnectionResetError there: add the WSA keys to CPython's errnomap.
    for table in gc.get_referrers(FileNotFoundError):
        if type(table) is dict and all(type(k) is int for k in table) and FileNotFoundError in table.values():
            for number, cls in _CLASSES.items():
                if number >= 10000:
                    table[number] = cls
    import _udplab_sys

    _udplab_sys.windows_error = from_answer
    sock = sys.modules.get('socket')
    if sock is not None and hasattr(sock, '_become_windows'):
        sock._become_windows()
