# Blocking, interruptible stdin and sleep for both interpreters: the originals busy-wait (sleep)
# or never reach the page (MicroPython's stdin). Installed by _udplab_main before the program runs.
import sys
import _udplab_sys as _k

MICROPYTHON = _k.MICROPYTHON


def _readline():
    """One line typed into the program's terminal, with its '\\n'; '' at end of input."""
    _k.flush_stdout()
    return _k.call('stdin.readline')


if MICROPYTHON:

    def input(prompt=''):
        if prompt:
            print(prompt, end='')
        line = _readline()
        if not line:
            raise EOFError('')
        return line[:-1] if line.endswith('\n') else line

    def sleep(seconds):
        _k.call('time.sleep', ms=max(0.0, float(seconds) * 1000.0))

    def sleep_ms(ms):
        if isinstance(ms, float):
            raise TypeError("can't convert float to int")
        _k.call('time.sleep', ms=max(0, int(ms)))

    def sleep_us(us):
        if isinstance(us, float):
            raise TypeError("can't convert float to int")
        _k.call('time.sleep', ms=max(0, int(us)) / 1000.0)

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
        _k.call('time.sleep', ms=seconds * 1000.0)

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
