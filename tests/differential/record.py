"""Re-record what the real CPython prints for every program in programs/ (see README.md).

Run from anywhere with the python3 to record (CPython 3.11 on Linux):
    python3 tests/differential/record.py [name ...]
Each program runs as `python3 <name>.py` in a fresh temporary directory (its working directory),
on this machine's loopback, with Linux's default of 1,024 open descriptors; recorded/<name>.txt gets its exit status, stdout and stderr, with the
temporary directory taken out of paths.
"""
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, 'programs')
RECORDED = os.path.join(HERE, 'recorded')


def _linux_defaults():
    """In the child: Linux's default limit of 1,024 open descriptors (ulimit -n), whatever ours is."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))


def record(name):
    with tempfile.TemporaryDirectory(prefix='udplab-differential-') as tmp:
        shutil.copy(os.path.join(PROGRAMS, name + '.py'), tmp)
        done = subprocess.run(
            [sys.executable, name + '.py'], cwd=tmp, capture_output=True, text=True, timeout=120, preexec_fn=_linux_defaults,
            env={'PATH': os.environ.get('PATH', ''), 'LANG': 'C.UTF-8', 'PYTHONIOENCODING': 'utf-8'},
        )
        where = os.path.realpath(tmp) + '/'
        out = done.stdout.replace(where, '').replace(tmp + '/', '')
        err = done.stderr.replace(where, '').replace(tmp + '/', '')
    header = '# CPython %s on %s (python3 %s.py); re-record: python3 tests/differential/record.py %s\n' % (
        platform.python_version(), platform.system(), name, name)
    with open(os.path.join(RECORDED, name + '.txt'), 'w', encoding='utf-8') as f:
        f.write(header + '== exit %d\n== stdout\n%s== stderr\n%s' % (done.returncode, out, err))
    print('recorded', name, 'exit', done.returncode)


def main(names):
    if sys.implementation.name != 'cpython' or sys.version_info[:2] != (3, 11) or sys.platform != 'linux':
        print('warning: the course imitates CPython 3.11 on Linux; this is %s %s on %s'
              % (sys.implementation.name, platform.python_version(), sys.platform), file=sys.stderr)
    os.makedirs(RECORDED, exist_ok=True)
    every = sorted(f[:-3] for f in os.listdir(PROGRAMS) if f.endswith('.py'))
    for name in names or every:
        record(name)


if __name__ == '__main__':
    main(sys.argv[1:])
