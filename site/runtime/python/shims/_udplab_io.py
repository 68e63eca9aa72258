# Blocking, interruptible stdin and sleep for both interpreters: the originals busy-wait (sleep)
# or never reach the page (MicroPython's stdin). Installed by _udplab_main before the program runs.
import sys
import _udplab_sys as _k
import _udplab_ops as _op

MICROPYTHON = _k.MICROPYTHON


def _readline():
    """One line typed into the program's terminal, with its '\\n'; '' at end of input."""
    _k.flush_stdout()
    return _k.call(_op.STDIN_READLINE)


if MICROPYTHON:

    def input(prompt=''):
        if prompt:
            print(prompt, end='')
        line = _readline()
        if not line:
            raise EOFError('')
        return line[:-1] if line.endswith('\n') else line

    def sleep(seconds):
        _k.call(_op.TIME_SLEEP, ms=max(0.0, float(seconds) * 1000.0))

    def sleep_ms(ms):
        if isinstance(ms, float):
            raise TypeError("can't convert float to int")
        _k.call(_op.TIME_SLEEP, ms=max(0, int(ms)))

    def sleep_us(us):
        if isinstance(us, float):
            raise TypeError("can't convert float to int")
        _k.call(_op.TIME_SLEEP, ms=max(0, int(us)) / 1000.0)

else:
    import io

    def sleep(seconds):
        if isinstance(seconds, float):
            pass
        elif isinstance(seconds, int):
            seconds = float(seconds)
        elif hasattr(type(seconds), '__float__') and not isinstance(seconds, str):
            seconds = float(seconds)
        else:
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(seconds).__name__)
        if seconds < 0:
            raise ValueError('sleep length must be non-negative')
        _k.flush_stdout()
        _k.call(_op.TIME_SLEEP, ms=seconds * 1000.0)

    class Stdin(io.TextIOBase):
        """sys.stdin: lines typed into the terminal; builtins.input() reads through it."""

        encoding = 'utf-8'
        errors = 'strict'
        name = '<stdin>'
        mode = 'r'

        def __init__(self):
            self._pending = ''

        def readable(self):
            return True

        def isatty(self):
            return True

        def fileno(self):
            return 0

        def readline(self, size=-1):
            if size is None:
                size = -1
            if not self._pending:
                self._pending = _readline()
            if 0 <= size < len(self._pending):
                line, self._pending = self._pending[:size], self._pending[size:]
            else:
                line, self._pending = self._pending, ''
            return line

        def read(self, size=-1):
            if size is None or size < 0:
                chunks = []
                while True:
                    line = self.readline()
                    if not line:
                        return ''.join(chunks)
                    chunks.append(line)
            out = ''
            while len(out) < size:
                line = self.readline(size - len(out))
                if not line:
                    break
                out += line
            return out

        def __iter__(self):
            return self

        def __next__(self):
            line = self.readline()
            if not line:
                raise StopIteration
            return line


def use_virtual_time(epoch_ms):
    """A virtual-time run: the time module reads the network's clock (ms since the run's start),
    so a check that simulates 30 s of timeouts measures 30 s, and replays exactly."""
    import time

    def now():
        answer = _k.exchange(_op.TIME_NOW, '{}')[0]  # '{"result":123.5}', parsed by hand (hot in loops)
        if answer.startswith('{"result":'):
            return float(answer[10:-1])
        return _k.result_of(answer)

    if MICROPYTHON:
        mask = (1 << 30) - 1  # MicroPython's ticks period

        def t_time():
            return (epoch_ms + now()) / 1000.0

        def t_time_ns():
            return int((epoch_ms + now()) * 1000000)

        def t_ticks_ms():
            return int(now()) & mask

        def t_ticks_us():
            return int(now() * 1000) & mask

        time.time = t_time
        time.time_ns = t_time_ns
        time.ticks_ms = t_ticks_ms
        time.ticks_us = t_ticks_us
        time.ticks_cpu = t_ticks_us
        # `utime` is the C module here (its attributes are read-only) and `time` a Python module
        # over it; on the board both names are one module. Make `import utime` find ours.
        sys.modules['utime'] = time
    else:
        real_localtime, real_gmtime, real_ctime = time.localtime, time.gmtime, time.ctime

        def t_time():
            return (epoch_ms + now()) / 1000.0

        def t_time_ns():
            return int((epoch_ms + now()) * 1000000)

        def t_monotonic():
            return now() / 1000.0

        def t_monotonic_ns():
            return int(now() * 1000000)

        def localtime(secs=None):
            return real_localtime(t_time() if secs is None else secs)

        def gmtime(secs=None):
            return real_gmtime(t_time() if secs is None else secs)

        def ctime(secs=None):
            return real_ctime(t_time() if secs is None else secs)

        time.time, time.time_ns = t_time, t_time_ns
        time.monotonic, time.monotonic_ns = t_monotonic, t_monotonic_ns
        time.perf_counter, time.perf_counter_ns = t_monotonic, t_monotonic_ns
        time.localtime, time.gmtime, time.ctime = localtime, gmtime, ctime
