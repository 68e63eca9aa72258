# The one door from Python to the simulator, the same on CPython (Pyodide) and MicroPython.
# call() blocks this program until the page (or the runner) answers, then returns the result or
# raises what CPython on Linux (or the board) would raise. Board shims (mpython, network) use it.
import sys
import json
import _udplab
from _udplab_ops import BINARY_MIN_BYTES

MICROPYTHON = sys.implementation.name == 'micropython'
# Looked up once: on Pyodide each `_udplab.call` attribute access makes a new JsProxy (~3 µs).
_call = _udplab.call
# BINARY_MIN_BYTES (syscall-table.ts): from this many bytes up, Pyodide hands the bridge the bytes
# object itself (read in place) instead of hex, and gets large answers back as binary.

if MICROPYTHON:
    from binascii import hexlify as _hexlify, unhexlify as _unhexlify

    def _out(data):
        # MicroPython hands bytes to JS as an opaque proxy (read byte by byte): hex is ~10x faster.
        return _hexlify(data).decode()

else:

    def _out(data):
        return data.hex() if len(data) < BINARY_MIN_BYTES else data


def exchange(op, payload, data=None):
    """The door: syscall `op` with its arguments as JSON text `payload` and the request's bytes
    `data` (or None); returns (the answer's JSON text, the answer's bytes or None), in one crossing
    into JS. The answer is {"result": ...} or {"error": {"code", "errno", "message"}}."""
    answer = _call(op, payload, None if data is None else _out(data))
    if MICROPYTHON:
        nl = answer.find('\n')
        if nl < 0:
            return answer, None
        return answer[:nl], _unhexlify(answer[nl + 1:])
    if type(answer) is not str:  # a large answer: JSON, newline and bytes in one Uint8Array
        whole = answer.to_bytes()
        nl = whole.find(b'\n')
        return whole[:nl].decode(), whole[nl + 1:]
    nl = answer.find('\n')
    if nl < 0:
        return answer, None
    return answer[:nl], answer[nl + 1:].encode('latin-1')


class gaierror(OSError):
    """socket.gaierror: a name the simulated network does not know."""

    __module__ = 'socket'


# CPython's OSError subclasses by errno name. Pyodide's own errno numbers are Emscripten's, so
# OSError(111, ...) would not pick the subclass by itself: choose it here, by name.
_CPYTHON_CLASSES = {
    'EAGAIN': BlockingIOError,
    'EALREADY': BlockingIOError,
    'EINPROGRESS': BlockingIOError,
    'ECONNREFUSED': ConnectionRefusedError,
    'ECONNRESET': ConnectionResetError,
    'ECONNABORTED': ConnectionAbortedError,
    'EPIPE': BrokenPipeError,
    'EACCES': PermissionError,
    'EPERM': PermissionError,
    'ETIMEDOUT': TimeoutError,
    'ENOENT': FileNotFoundError,
} if not MICROPYTHON else {}


# On a Windows PC: _udplab_winerror.from_answer, which turns an error answer into the Winsock
# error CPython raises there (None for the rest); None on Linux PCs and the board.
windows_error = None


def error_from(info):
    """The exception Python raises for an error answer {"code", "errno", "message"}."""
    code = info.get('code')
    if code == 'EINTR':
        return KeyboardInterrupt()
    errno = info.get('errno', 0)
    if MICROPYTHON:
        # The board prints OSError: [Errno 98] EADDRINUSE (or the bare number if unknown).
        return OSError(errno)
    message = info.get('message', '')
    if code and code.startswith('EAI_'):
        if windows_error is not None and code == 'EAI_NONAME':
            return gaierror(11001, 'getaddrinfo failed')  # WSAHOST_NOT_FOUND
        return gaierror(errno, message)
    if windows_error is not None:
        exc = windows_error(info)
        if exc is not None:
            return exc
    return _CPYTHON_CLASSES.get(code, OSError)(errno, message)


def reply_of(answer):
    """(result, None) or (None, error_info_dict) of an answer's JSON text."""
    reply = json.loads(answer)
    if 'error' in reply:
        return None, reply['error']
    return reply.get('result'), None


def result_of(answer):
    """The result in an answer's JSON text, or raise its error."""
    result, err = reply_of(answer)
    if err is not None:
        raise error_from(err)
    return result


def try_call(op, data=None, **args):
    """Run syscall `op` with JSON-able keyword args and optional bytes `data`.
    Returns (result, None) or (None, error_info_dict); never raises for a syscall error."""
    return reply_of(exchange(op, json.dumps(args), data)[0])


def call(op, data=None, **args):
    """Run syscall `op`; return its result or raise the matching OSError / KeyboardInterrupt."""
    return result_of(exchange(op, json.dumps(args), data)[0])


def flush_stdout():
    """Before a call that may block: show what was printed without a newline (as IDLE and
    Thonny do; a bare terminal would keep it in the line buffer)."""
    if not MICROPYTHON:
        try:
            sys.stdout.flush()
        except Exception:
            pass
