# Linux's errno numbers and texts everywhere a PC program meets them. Pyodide's C library is
# Emscripten's: its errno numbers are its own (ENOENT = 44, ECONNREFUSED = 14) and its strerror
# texts are musl's ('Address in use'). CPython compiled against it prints those numbers for file
# errors, picks the OSError subclass by them (OSError(111, ...) would be a plain OSError) and
# os.strerror gives musl's words. install() makes all of it agree with CPython on Linux:
#   - the `errno` module is _udplab_errno (Linux's numbers), also for modules loaded before us;
#   - os.strerror gives glibc's texts by Linux number;
#   - OSError(n, ...) picks its subclass by Linux numbers (CPython's errno → class table);
#   - an error the C library raises (open() on a missing file) gets the Linux number and text
#     as it enters Python code: a sys.monitoring RAISE hook swaps it for the Linux one.
import sys

# glibc's strerror texts by Linux errno (generated from the one errno table; others are
# 'Unknown error n').
from _udplab_strerror import TEXTS

# sys.monitoring tool id of the hook: 0-2 and 5 are the debugger's, coverage's, the profiler's
# and the optimizer's by convention.
TOOL_ID = 4


def strerror(code):
    """os.strerror with glibc's texts (Linux numbers)."""
    _c_strerror(code)  # the argument checks and their messages (TypeError, OverflowError)
    text = TEXTS.get(code)
    if text is not None:
        return text
    return 'Success' if code == 0 else 'Unknown error %d' % code


_c_strerror = None
# Emscripten errno → (its strerror text, Linux errno, Linux text), for the C library's errors.
_FROM_C = {}
_hook_code = None
_pending = None


def _linux_error(exc):
    """The OSError CPython on Linux would have raised instead of `exc`, or None if `exc` is
    not one the C library raised with Emscripten's numbers."""
    n = exc.errno
    entry = _FROM_C.get(n) if type(n) is int else None
    if entry is None or exc.strerror != entry[0]:
        return None
    cls = type(exc)
    if cls is OSError or cls is _linux_class.get(n):  # picked by number: pick again
        cls = OSError
    if exc.filename2 is not None:
        new = cls(entry[1], entry[2], exc.filename, None, exc.filename2)
    elif exc.filename is not None:
        new = cls(entry[1], entry[2], exc.filename)
    else:
        new = cls(entry[1], entry[2])
    new.__cause__ = exc.__cause__
    new.__suppress_context__ = exc.__suppress_context__
    if hasattr(exc, '__notes__'):
        new.__notes__ = exc.__notes__
    new.__traceback__ = exc.__traceback__
    return new


def _forget_hook_frames(exc):
    """Take the hook's own frame out of a replaced exception's traceback."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code is _hook_code:
        tb = tb.tb_next
    exc.__traceback__ = tb
    while tb is not None and tb.tb_next is not None:
        if tb.tb_next.tb_frame.f_code is _hook_code:
            tb.tb_next = tb.tb_next.tb_next
        else:
            tb = tb.tb_next


def _on_raise(code, offset, exc):
    global _pending
    if _pending is not None:
        _forget_hook_frames(_pending)
        _pending = None
    if isinstance(exc, OSError):
        new = _linux_error(exc)
        if new is not None:
            _pending = new
            raise new


def _on_handled(code, offset, exc):
    global _pending
    if _pending is not None:
        _forget_hook_frames(_pending)
        _pending = None


_linux_class = {}


def install(linux_errno):
    """Called once per interpreter, before any program: see the top of this file."""
    global _c_strerror, _hook_code
    import gc
    import os
    import posix

    c_errno = sys.modules.get('errno')
    if c_errno is None or c_errno is linux_errno:
        import errno as c_errno
    sys.modules['errno'] = linux_errno
    _c_strerror = os.strerror
    os.strerror = posix.strerror = strerror

    linux = {name: getattr(linux_errno, name) for name in dir(linux_errno) if name.startswith('E')}
    to_linux = {}
    for number, name in c_errno.errorcode.items():
        if name in linux:
            to_linux[number] = linux[name]
            _FROM_C[number] = (_c_strerror(number), linux[name], strerror(linux[name]))

    # Modules imported before us hold Emscripten's errno module or its numbers
    # (pathlib: `from errno import *`; shutil, tempfile: `import errno`).
    c_names = [(name, getattr(c_errno, name), linux[name]) for name in dir(c_errno) if name in linux]
    for module in list(sys.modules.values()):
        space = getattr(module, '__dict__', None)
        if space is None or module is linux_errno or module is c_errno:
            continue
        for key in ('errno', '_errno'):
            if space.get(key) is c_errno:
                space[key] = linux_errno
        for name, c_value, linux_value in c_names:
            if name in space and space[name] == c_value and type(space[name]) is int:
                space[name] = linux_value

    # OSError(n, ...) picks its subclass in a table keyed by errno (CPython's errnomap, made
    # at start-up from the C library's numbers): rewrite its keys as Linux numbers.
    for table in gc.get_referrers(FileNotFoundError):
        if (type(table) is dict and table.get(c_errno.ENOENT) is FileNotFoundError
                and all(type(k) is int for k in table)):
            old = dict(table)
            table.clear()
            for number, cls in old.items():
                table[to_linux.get(number, number)] = cls
            _linux_class.update(table)
            break

    monitoring = sys.monitoring
    events = monitoring.events
    _hook_code = _on_raise.__code__
    monitoring.use_tool_id(TOOL_ID, 'udplab-errno')
    monitoring.register_callback(TOOL_ID, events.RAISE, _on_raise)
    monitoring.register_callback(TOOL_ID, events.EXCEPTION_HANDLED, _on_handled)
    monitoring.set_events(TOOL_ID, events.RAISE | events.EXCEPTION_HANDLED)
