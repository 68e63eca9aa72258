# Runs the learner's file as `python3 file.py` (or the board) would: fresh __main__, tracebacks
# that name the learner's file and line with the simulator's own frames trimmed, exit status.
import sys

MICROPYTHON = sys.implementation.name == 'micropython'
SHIM_DIR = '/udplab/'


def install():
    """Replace what would busy-wait or miss the terminal: input, sleep, stdin; our socket."""
    import builtins
    import time
    import _udplab_io

    if MICROPYTHON:
        builtins.input = _udplab_io.input
        time.sleep = _udplab_io.sleep
        time.sleep_ms = _udplab_io.sleep_ms
        time.sleep_us = _udplab_io.sleep_us
        # `import uselect` would find MicroPython's built-in select (u-names fall back to
        # built-ins before files): name our shim under it first, as `usocket.py` is found.
        import select

        sys.modules['uselect'] = select
    else:
        # Pyodide imported the real socket/select at start-up: drop them so ours are found.
        for name in ('socket', 'select', 'selectors'):
            sys.modules.pop(name, None)
        import _udplab_errno
        import _udplab_oserror
        import importlib.util

        _udplab_oserror.install(_udplab_errno)  # Linux's errno numbers and texts, not Emscripten's
        # select is built into CPython, and built-ins win over sys.path: load ours by hand.
        spec = importlib.util.spec_from_file_location('select', SHIM_DIR + 'select.py')
        module = importlib.util.module_from_spec(spec)
        sys.modules['select'] = module
        spec.loader.exec_module(module)
        time.sleep = _udplab_io.sleep
        sys.stdin = sys.__stdin__ = _udplab_io.Stdin()


def _exit_code(exc):
    code = exc.args[0] if exc.args else None
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _hidden(filename):
    return filename.startswith(SHIM_DIR)


def _trim_cpython(te):
    import traceback

    te.stack = traceback.StackSummary.from_list([f for f in te.stack if not _hidden(f.filename)])
    for inner in (te.__cause__, te.__context__):
        if inner is not None:
            _trim_cpython(inner)


def _report_cpython(exc):
    import traceback

    try:
        te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
        _trim_cpython(te)
        sys.stderr.write(''.join(te.format()))
    except MemoryError:
        sys.stderr.write('MemoryError\n')


def _report_micropython(exc):
    import io

    try:
        buf = io.StringIO()
        sys.print_exception(exc, buf)
        lines = buf.getvalue().split('\n')
        keep = [line for line in lines if not line.startswith('  File "' + SHIM_DIR)]
        # The board has one serial line: its tracebacks come out with the program's output.
        sys.stdout.write('\n'.join(keep))
    except MemoryError:
        print('MemoryError:')


def run(code, filename, argv_json='[]', env_json='{}', epoch_json='null'):
    """Run the program; return 'exit_code|ExceptionName' (name empty when none)."""
    import json

    epoch_ms = json.loads(epoch_json)
    if epoch_ms is not None:
        import _udplab_io

        _udplab_io.use_virtual_time(epoch_ms)

    sys.argv[:] = [filename] + json.loads(argv_json)
    if MICROPYTHON:
        namespace = {'__name__': '__main__', '__file__': filename}
    else:
        import builtins
        import linecache
        import types

        import os

        os.environ.clear()
        os.environ.update(json.loads(env_json))
        main = types.ModuleType('__main__')
        main.__file__ = filename
        main.__builtins__ = builtins
        sys.modules['__main__'] = main
        namespace = main.__dict__
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    status = '0|'
    try:
        exec(compile(code, filename, 'exec'), namespace)
    except SystemExit as e:
        status = '%d|' % _exit_code(e)
    except BaseException as e:
        if isinstance(e, MemoryError):
            namespace.clear()  # free the program's data so the traceback can be printed
            if MICROPYTHON:
                import gc

                gc.collect()
        if MICROPYTHON:
            _report_micropython(e)
        else:
            _report_cpython(e)
        status = '%d|%s' % (130 if isinstance(e, KeyboardInterrupt) else 1, type(e).__name__)
    if not MICROPYTHON:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
    return status
