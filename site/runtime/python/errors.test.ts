// Tracebacks, error texts (checked against the real python3 on this machine), MemoryError and
// every limit, on real Pyodide and real MicroPython.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from './kernel.ts';
import { resolveLimits } from './limits.ts';
import { py, run, testWorld, type TestWorld } from './testing/programs.ts';
import type { Kernel } from './types.ts';

let kernel: Kernel;
let world: TestWorld;

beforeAll(async () => {
  kernel = createKernel();
  world = testWorld();
  await Promise.all([kernel.prewarm('cpython'), kernel.prewarm('micropython')]);
}, 120_000);

afterAll(() => kernel.dispose());

/** Python 3.13+ underlines more calls (`~^^^`) than this machine's 3.11: compare without them. */
const withoutCarets = (text: string): string => text.replace(/^ *[~^]+ *\n/gm, '');

/** Run `code` as prog.py with the real python3; stdout and stderr with the temp path removed. */
function realPython(code: string): { stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'udplab-oracle-'));
  try {
    writeFileSync(join(dir, 'prog.py'), code);
    try {
      const stdout = execFileSync('python3', ['prog.py'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { stdout, stderr: '' };
    } catch (err) {
      const e = err as { stdout: string; stderr: string };
      return { stdout: e.stdout, stderr: e.stderr.replaceAll(`${dir}/`, '') };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each line: what a socket call raised (class and message), as CPython on Linux prints it. */
const ORACLE = py(`
  import socket, select, time
  def t(label, f):
      try:
          r = f()
          print(label, 'OK', r if isinstance(r, (str, bytes, tuple, type(None))) else type(r).__name__)
      except BaseException as e:
          print(label, '%s.%s:' % (type(e).__module__, type(e).__name__), e)
  a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  a.bind(('127.0.0.1', 0))
  port = a.getsockname()[1]
  b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  t('bind in use', lambda: b.bind(('127.0.0.1', port)))
  t('bind foreign', lambda: b.bind(('10.1.2.3', 0)))
  t('broadcast', lambda: b.sendto(b'x', ('255.255.255.255', port)))
  t('str payload', lambda: b.sendto('x', ('127.0.0.1', port)))
  t('too long', lambda: b.sendto(b'x' * 70000, ('127.0.0.1', port)))
  t('address str', lambda: b.sendto(b'x', '127.0.0.1'))
  t('address short', lambda: b.sendto(b'x', ('127.0.0.1',)))
  t('port range', lambda: b.sendto(b'x', ('127.0.0.1', 70000)))
  t('port type', lambda: b.sendto(b'x', ('127.0.0.1', '80')))
  t('send unconnected', lambda: b.send(b'x'))
  t('peer unconnected', lambda: b.getpeername())
  t('rebind', lambda: a.bind(('127.0.0.1', 0)))
  t('negative bufsize', lambda: a.recvfrom(-1))
  t('negative timeout', lambda: a.settimeout(-1))
  t('unknown option', lambda: a.setsockopt(socket.SOL_SOCKET, 9999, 1))
  t('rcvbuf', lambda: a.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) > 0 or None)
  t('select timeout', lambda: select.select([a], [], [], -1))
  t('select junk', lambda: select.select(['x'], [], [], 0))
  t('sleep negative', lambda: time.sleep(-1))
  gone = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  gone.bind(('127.0.0.1', 0))
  dead = gone.getsockname()[1]
  gone.close()
  c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  c.connect(('127.0.0.1', dead))
  t('send to nobody', lambda: c.send(b'ping'))
  t('refused', lambda: c.recv(10))
  a.settimeout(0.05)
  t('timeout', lambda: a.recvfrom(10))
  a.setblocking(False)
  t('nonblocking', lambda: a.recvfrom(10))
  a.close()
  t('closed recv', lambda: a.recvfrom(10))
  t('closed bind', lambda: a.bind(('', 0)))
  t('closed fileno', lambda: str(a.fileno()))
  t('closed repr', lambda: repr(a))
  t('close twice', lambda: a.close())
  t('stream', lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).close() or 'fine')
`);

describe('cpython matches the real python3 on Linux', () => {
  it('raises the same exceptions with the same messages', async () => {
    const real = realPython(ORACLE);
    const sim = run(kernel, world, 'cpython', ORACLE);
    expect(await sim.process.exited).toEqual({ exitCode: 0, exception: null });
    const simLines = sim.stdout().trim().split('\n');
    const realLines = real.stdout.trim().split('\n');
    expect(simLines.at(-1)).toBe('stream OK fine');
    expect(simLines).toEqual(realLines);
  });

  it.each([
    ['a runtime error in a function', 'def f(n):\n    return n / 0\n\nprint("start")\nf(1)\n'],
    ['a syntax error', 'print("hi")\nif True\n    print("no")\n'],
    ['an unclosed bracket', 'x = [1,\n     2,\n'],
    [
      'a bind conflict',
      'import socket\na = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\na.bind(("127.0.0.1", 0))\nb = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nb.bind(a.getsockname())\n',
    ],
    ['sys.exit with a message', 'import sys\nsys.exit("bye")\n'],
  ])('prints the same traceback for %s', async (_what, code) => {
    const real = realPython(code);
    const sim = run(kernel, world, 'cpython', code);
    const status = await sim.process.exited;
    expect(status.exitCode).toBe(1);
    expect(sim.stdout()).toBe(real.stdout);
    expect(withoutCarets(sim.stderr())).toBe(withoutCarets(real.stderr));
  });
});

describe('micropython tracebacks (the 掌控板)', () => {
  it('names the file, the line and the function; the simulator frames are trimmed', async () => {
    const r = run(
      kernel,
      world,
      'micropython',
      'import socket\ndef serve():\n    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n    s.close()\n    s.bind(("", 1))\nserve()\n',
    );
    expect(await r.process.exited).toEqual({ exitCode: 1, exception: 'OSError' });
    expect(r.stdout()).toBe(
      'Traceback (most recent call last):\n  File "main.py", line 6, in <module>\n  File "main.py", line 5, in serve\nOSError: [Errno 9] EBADF\n',
    );
  });

  it('reports a syntax error with the line', async () => {
    const r = run(kernel, world, 'micropython', 'print("a")\nif True\n    pass\n', { filename: '<stdin>' });
    expect(await r.process.exited).toEqual({ exitCode: 1, exception: 'SyntaxError' });
    expect(r.stdout()).toBe(
      'Traceback (most recent call last):\n  File "<stdin>", line 2\nSyntaxError: invalid syntax\n',
    );
  });

  it('prints a bind conflict as the board does', async () => {
    const r = run(
      kernel,
      world,
      'micropython',
      'import socket\na = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\na.bind(("", 6000))\nb = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nb.bind(("", 6000))\n',
    );
    await r.process.exited;
    expect(r.stdout()).toMatch(/line 5, in <module>\nOSError: \[Errno 98\] EADDRINUSE\n$/);
  });
});

describe('MemoryError', () => {
  it('cpython: a memory bomb raises MemoryError and the host stays usable', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 4444))\na = []\nwhile True:\n    a.append(bytearray(4_000_000))\n',
    );
    expect(await r.process.exited).toEqual({ exitCode: 1, exception: 'MemoryError' });
    expect(r.stderr()).toMatch(/File "prog.py", line 6, in <module>\n.*\n(?:.*\n)?MemoryError\n$/);
    const next = run(
      kernel,
      world,
      'cpython',
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 4444))\nprint("usable")\n',
    );
    expect(await next.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(next.stdout()).toBe('usable\n');
  });

  it('micropython: a memory bomb raises MemoryError and the board stays usable', async () => {
    const r = run(kernel, world, 'micropython', 'a = []\nwhile True:\n    a.append(bytearray(100000))\n');
    expect(await r.process.exited).toEqual({ exitCode: 1, exception: 'MemoryError' });
    expect(r.stdout()).toMatch(
      /File "main.py", line 3, in <module>\nMemoryError: memory allocation failed, allocating \d+ bytes\n$/,
    );
    const next = run(kernel, world, 'micropython', 'print("usable")\n');
    expect(await next.process.exited).toEqual({ exitCode: 0, exception: null });
  });
});

describe('limits', () => {
  let small: Kernel;
  beforeAll(() => {
    small = createKernel({
      limits: {
        maxSocketsPerProcess: 3,
        outputBytesPerSecond: 20_000,
        outputBurstBytes: 1_000,
        maxProcesses: 2,
        maxStdinBytes: 10,
      },
      poolSize: { cpython: 0, micropython: 1 },
    });
  });
  afterAll(() => small.dispose());

  it('maxSocketsPerProcess: one more socket is OSError [Errno 24] Too many open files', async () => {
    const r = run(
      small,
      world,
      'cpython',
      'import socket\nsocks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for i in range(3)]\nprint([s.fileno() for s in socks])\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n',
    );
    expect(await r.process.exited).toEqual({ exitCode: 1, exception: 'OSError' });
    expect(r.stdout()).toBe('[3, 4, 5]\n');
    expect(r.stderr()).toMatch(/OSError: \[Errno 24\] Too many open files\n$/);
  });

  it('outputBytesPerSecond: a flood of output is slowed down, never cut, and Stop still works', async () => {
    const t0 = performance.now();
    const r = run(small, world, 'micropython', 'for i in range(1000):\n    print("%09d" % i)\n');
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(performance.now() - t0).toBeGreaterThan(400); // 10 000 bytes at 20 000 B/s after a 1 000 B burst
    expect(r.stdout().length).toBe(10_000);
    const flood = run(
      small,
      world,
      'micropython',
      'try:\n    while True:\n        print("flood")\nfinally:\n    print("stopped")\n',
    );
    await flood.waitFor('flood');
    flood.process.interrupt();
    expect(await flood.process.exited).toEqual({ exitCode: 130, exception: 'KeyboardInterrupt' });
    expect(flood.stdout()).toContain('stopped\n');
  });

  it('maxProcesses: starting one more program throws a clear error', async () => {
    const a = run(small, world, 'micropython', 'import time\ntime.sleep(30)\n');
    const b = run(small, world, 'micropython', 'import time\ntime.sleep(30)\n');
    expect(() => run(small, world, 'micropython', 'pass')).toThrow(/UDPLAB_ERR_TOO_MANY_PROCESSES/);
    expect(() => run(small, world, 'micropython', 'pass')).toThrow(
      expect.objectContaining({ code: 'UDPLAB_ERR_TOO_MANY_PROCESSES' }),
    );
    a.process.kill();
    b.process.kill();
    await Promise.all([a.process.exited, b.process.exited]);
  });

  it('maxStdinBytes: typing beyond it is dropped', async () => {
    const r = run(small, world, 'micropython', 'print(repr(input()))\n');
    r.process.writeStdin('abcdefghijklmnop\n');
    r.process.closeStdin();
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe("'abcdefghij'\n");
  });
});

describe('runtime errors carry their code', () => {
  it('on .code as well as at the start of the message', () => {
    expect(() => resolveLimits({ maxProcesses: -1 })).toThrow(
      expect.objectContaining({ code: 'UDPLAB_ERR_BAD_LIMIT', name: 'RangeError' }),
    );
    expect(() => resolveLimits({ maxProcesses: -1 })).toThrow(/^UDPLAB_ERR_BAD_LIMIT: limit maxProcesses/);
  });
});
