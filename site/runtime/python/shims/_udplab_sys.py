# The one door from Python to the simulator, the same on CPython (Pyodide) and MicroPython.
# call() blocks this program until the page (or the runner) answers, then returns the result or
# raises what CPython on Linux (or the board) would raise. Board shims (mpython, network) use it.
import sys
import json
import _udplab

MICROPYTHON = sys.implementation.name == 'micropython'
# Looked up once: on Pyodide each `_udplab.call` attribute access makes a new JsProxy (~3 µs).
_call = _udplab.call
_call_inline = _udplab.call_inline

if MICROPYTHON:
    from binascii import hexlify as _hexlify, unhexlify as _unhexlify

    def hexlify(data):
        return _hexlify(data).decode()

    def take_data():
        """The bytes that came with the last answer (recvfrom's payload), or None."""
        # bytes(proxy) would cross into JS once per byte: hex is ~10x faster here.
        text = _udplab.data_hex()
        return None if text is None else _unhexlify(text)

else:

    def hexlify(data):
        return data.hex()

    def take_data():
        """The bytes that came with the last answer (recvfrom's payload), or None."""
        view = _udplab.data()
        return None if view is None else view.to_bytes()


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
        return gaierror(errno, message)
    return _CPYTHON_CLASSES.get(code, OSError)(errno, message)


def try_call(op, data=None, **args):
    """Run syscall `op` with JSON-able keyword args and optional bytes `data`.
    Returns (result, None) or (None, error_info_dict); never raises for a syscall error."""
    answer = _call(op, json.dumps(args), None if data is None else hexlify(data))
    reply = json.loads(answer)
    if 'error' in reply:
        return None, reply['error']
    return reply.get('result'), None


def raw(op, payload, data=None):
    """The answer text of syscall `op` whose arguments are already JSON text: for the socket hot
    path, which formats and parses by hand (json costs ~20 µs a call in Pyodide)."""
    return _call(op, payload, None if data is None else hexlify(data))


def raw_data(op, payload):
    """raw() for a call whose answer may carry bytes (recvfrom): (answer text, bytes or None),
    in one crossing into JS (the bytes ride after a newline: latin-1, or hex on MicroPython)."""
    answer = _call_inline(op, payload, None, MICROPYTHON)
    nl = answer.find('\n')
    if nl < 0:
        return answer, None
    if MICROPYTHON:
        return answer[:nl], _unhexlify(answer[nl + 1:])
    return answer[:nl], answer[nl + 1:].encode('latin-1')


def result_of(answer):
    """The result in an answer text, or raise its error."""
    reply = json.loads(answer)
    if 'error' in reply:
        raise error_from(reply['error'])
    return reply.get('result')


def call(op, data=None, **args):
    """Run syscall `op`; return its result or raise the matching OSError / KeyboardInterrupt."""
    result, err = try_call(op, data, **args)
    if err is not None:
        raise error_from(err)
    return result


def flush_stdout():
    """Before a call that may block: show what was printed without a newline (as IDLE and
    Thonny do; a bare terminal would keep it in the line buffer)."""
    if not MICROPYTHON:
        try:
            sys.stdout.flush()
        except Exception:
            pass
