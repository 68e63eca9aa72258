// Sockets, select, timeouts and the syscall door, on real Pyodide and real MicroPython.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from './kernel.ts';
import { py, run, testWorld, type TestWorld } from './testing/programs.ts';
import type { Kernel, RuntimeName } from './types.ts';
import { SyscallError } from './errors.ts';

let kernel: Kernel;
let world: TestWorld;

beforeAll(async () => {
  kernel = createKernel();
  world = testWorld();
  await Promise.all([kernel.prewarm('cpython'), kernel.prewarm('micropython')]);
}, 120_000);

afterAll(() => kernel.dispose());

const SERVER = py(`
  import socket
  s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  s.bind(('', 9000))
  print('ready')
  while True:
      data, addr = s.recvfrom(1024)
      if data == b'quit':
          break
      s.sendto(data, addr)
  s.close()
  print('server done')
`);

const CLIENT = (ip: string) =>
  py(`
  import socket
  s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  for word in ['hello', '你好，世界', 'ünïcode ✓']:
      s.sendto(word.encode('utf-8'), ('${ip}', 9000))
      data, addr = s.recvfrom(1024)
      print(data.decode('utf-8'), addr[0], addr[1])
  s.sendto(b'quit', ('${ip}', 9000))
`);

describe.each(['cpython', 'micropython'] as RuntimeName[])('%s', (runtime) => {
  const [serverHost, clientHost, serverIp] =
    runtime === 'cpython'
      ? (['pc1', 'pc2', '192.168.0.2'] as const)
      : (['board1', 'board2', '192.168.0.4'] as const);

  it('echoes UTF-8 datagrams (Chinese too) between two programs', async () => {
    const server = run(kernel, world, runtime, SERVER, { host: world[serverHost] });
    await server.blocked();
    expect(server.process.blockedOn).toBe('socket.recvfrom');
    const client = run(kernel, world, runtime, CLIENT(serverIp), { host: world[clientHost] });
    expect(await client.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(await server.process.exited).toEqual({ exitCode: 0, exception: null });
    const lines = client.stdout().trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(0, -2).join(' '))).toEqual([
      'hello',
      '你好，世界',
      'ünïcode ✓',
    ]);
    expect(lines[0]).toMatch(new RegExp(`^hello ${serverIp} \\d+$`));
    expect(server.stdout()).toBe('ready\nserver done\n');
  });

  it('moves every byte value of a 60 000-byte datagram, and truncates to bufsize', async () => {
    const r = run(
      kernel,
      world,
      runtime,
      py(`
      import socket
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      s.bind(('127.0.0.1', 7200))
      payload = bytes(range(256)) * 234 + bytes(range(96))
      print(s.sendto(payload, ('127.0.0.1', 7200)))
      data, addr = s.recvfrom(65535)
      print(len(data), data == payload, addr)
      s.sendto(payload, ('127.0.0.1', 7200))
      print(s.recv(300) == payload[:300])
    `),
    );
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe("60000\n60000 True ('127.0.0.1', 7200)\nTrue\n");
  });

  it('moves bytes intact on both sides of the binary bound (hex / latin-1 below, binary above)', async () => {
    // BINARY_MIN_BYTES (syscall-table.ts) is 2048: Pyodide switches from text to binary there.
    const r = run(
      kernel,
      world,
      runtime,
      py(`
      import socket
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      s.bind(('127.0.0.1', 7201))
      ok = []
      for n in (1, 255, 2047, 2048, 2049, 8192, 65507):
          payload = bytes((i * 7 + n) % 256 for i in range(n))
          s.sendto(payload, ('127.0.0.1', 7201))
          data, addr = s.recvfrom(65535)
          ok.append(data == payload)
          s.sendto(bytearray(payload), ('127.0.0.1', 7201))
          ok.append(s.recv(n) == payload)
      print(ok.count(True), len(ok))
    `),
    );
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe('14 14\n');
  });

  it('keeps output before the call that follows it, and moves an empty datagram', async () => {
    // Requests ring a doorbell while output travels by message: what was printed before a
    // sendto must reach the terminal before the datagram reaches the network.
    let seen = '';
    const order: boolean[] = [];
    const off = world.network.onDatagram((rec, change) => {
      if (change === 'create' && rec.dst[1] === 7300) order.push(seen.includes(`line ${rec.size}\n`));
    });
    const r = run(
      kernel,
      world,
      runtime,
      py(`
      import socket
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      s.bind(('127.0.0.1', 7300))
      for i in range(4):
          print('line', i)
          s.sendto(b'x' * i, ('127.0.0.1', 7300))
      for i in range(4):
          data, addr = s.recvfrom(16)
          print(repr(data), addr[1])
    `),
      { onStdout: (t) => (seen += t) },
    );
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    off();
    expect(order).toEqual([true, true, true, true]);
    expect(seen).toBe("line 0\nline 1\nline 2\nline 3\nb'' 7300\nb'x' 7300\nb'xx' 7300\nb'xxx' 7300\n");
  });

  it('select.select waits for a readable socket, with a timeout', async () => {
    const r = run(
      kernel,
      world,
      runtime,
      py(`
      import socket, select, time
      a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      a.bind(('127.0.0.1', 7001))
      b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      print(select.select([a], [], [], 0.05))
      b.sendto(b'x', ('127.0.0.1', 7001))
      r, w, x = select.select([a, b], [b], [], 1)
      print(r == [a], w == [b], x)
      print(a.recvfrom(10)[0])
      p = select.poll()
      p.register(a, select.POLLIN)
      print(p.poll(30))
    `),
    );
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe("([], [], [])\nTrue True []\nb'x'\n[]\n");
  });
});

describe('cpython sockets', () => {
  it('times out like CPython: TimeoutError: timed out', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      py(`
      import socket, time
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      s.bind(('', 0))
      s.settimeout(0.2)
      print(s.gettimeout(), socket.timeout is TimeoutError)
      t = time.monotonic()
      try:
          s.recvfrom(1024)
      except socket.timeout as e:
          print(type(e).__name__, e, e.errno, 0.2 <= time.monotonic() - t < 1.5)
      s.setblocking(False)
      print(s.gettimeout())
      try:
          s.recv(10)
      except BlockingIOError as e:
          print(repr(e))
      s.settimeout(0.1)
      s.recvfrom(1)
    `),
    );
    expect(await r.process.exited).toEqual({ exitCode: 1, exception: 'TimeoutError' });
    expect(r.stdout()).toBe(
      "0.2 True\nTimeoutError timed out None True\n0.0\nBlockingIOError(11, 'Resource temporarily unavailable')\n",
    );
    expect(r.stderr()).toBe(
      'Traceback (most recent call last):\n  File "prog.py", line 18, in <module>\n    s.recvfrom(1)\n' +
        '    ~~~~~~~~~~^^^\nTimeoutError: timed out\n',
    );
  });

  it('looks like the real socket module', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      py(`
      import socket, errno
      print(socket.AF_INET, socket.SOCK_DGRAM, socket.SOCK_STREAM, socket.SOL_SOCKET,
            socket.SO_REUSEADDR, socket.SO_BROADCAST, socket.SO_RCVBUF)
      with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
          print(repr(s.family), repr(s.type), s.fileno())
          s.bind(('', 9123))
          print(s)
      print(s)
      print(socket.gethostname(), socket.gethostbyname('pc2'), socket.gethostbyname(socket.gethostname()))
      print(errno.EADDRINUSE, errno.errorcode[111])
      with socket.socket() as s:
          print(repr(s.family), repr(s.type), s.fileno())
      try:
          socket.gethostbyname('nowhere')
      except socket.gaierror as e:
          print(type(e).__module__, e)
    `),
    );
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe(
      [
        '2 2 1 1 2 6 8',
        '<AddressFamily.AF_INET: 2> <SocketKind.SOCK_DGRAM: 2> 3',
        "<socket.socket fd=3, family=2, type=2, proto=0, laddr=('0.0.0.0', 9123)>",
        '<socket.socket [closed] fd=-1, family=2, type=2, proto=0>',
        'pc1 192.168.0.3 192.168.0.2',
        '98 ECONNREFUSED',
        '<AddressFamily.AF_INET: 2> <SocketKind.SOCK_STREAM: 1> 3',
        'socket [Errno -2] Name or service not known',
        '',
      ].join('\n'),
    );
  });
});

describe('micropython sockets (the 掌控板)', () => {
  it("checks socket()'s arguments as the firmware's socket_make_new does", async () => {
    // mp_arg_check_num(0..3, no keywords), then mp_obj_get_int on each (MicroPython's own texts).
    const r = run(
      kernel,
      world,
      'micropython',
      py(`
      import usocket as socket
      for args, kw in [(('x',), {}), ((2, 2.0), {}), ((2, 2, 0, 1), {}), ((), {'af': 2}), ((True,), {})]:
          try:
              socket.socket(*args, **kw)
              print('ok')
          except Exception as e:
              print(type(e).__name__, e)
      print(socket.socket(2, 2))
    `),
    );
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe(
      "TypeError can't convert str to int\nTypeError can't convert float to int\n" +
        'TypeError function expected at most 3 arguments, got 4\n' +
        "TypeError function doesn't take keyword arguments\nOSError 97\n<socket>\n",
    );
  });

  it('behaves like the board: str payloads, no SO_BROADCAST, 100 ms timeout steps', async () => {
    const r = run(
      kernel,
      world,
      'micropython',
      py(`
      import usocket as socket
      import time
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      print(s, hasattr(socket, 'SO_BROADCAST'))
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      s.bind(('', 6000))
      print(s.sendto('hello', ('127.0.0.1', 6000)))
      print(s.recvfrom(100))
      s.settimeout(0.25)
      t = time.ticks_ms()
      try:
          s.recvfrom(100)
      except OSError as e:
          print(e, e.args[0], 299 <= time.ticks_diff(time.ticks_ms(), t) < 1500)
      s.settimeout(0.05)
      try:
          s.recvfrom(100)
      except OSError as e:
          print(e)
      s.setblocking(False)
      try:
          s.recv(10)
      except OSError as e:
          print(e)
      s.close()
      s.sendto('x', ('127.0.0.1', 6000))
    `),
    );
    expect(await r.process.exited).toEqual({ exitCode: 1, exception: 'OSError' });
    expect(r.stdout()).toBe(
      [
        '<socket> False',
        '5',
        "(b'hello', ('127.0.0.1', 6000))",
        '[Errno 110] ETIMEDOUT 110 True',
        '[Errno 11] EAGAIN',
        '[Errno 11] EAGAIN',
        'Traceback (most recent call last):',
        '  File "main.py", line 26, in <module>',
        'OSError: [Errno 9] EBADF',
        '',
      ].join('\n'),
    );
  });
});

describe('stdin with select (a chat program)', () => {
  it('cpython: select on sys.stdin and a socket, then sys.stdin.readline()', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      py(`
      import socket, select, sys
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      s.bind(('', 7100))
      ready, _, _ = select.select([s, sys.stdin], [], [])
      print(ready == [sys.stdin], repr(sys.stdin.readline()))
      for line in sys.stdin:
          print('line', line.strip())
    `),
    );
    await r.blocked();
    expect(r.process.blockedOn).toBe('select');
    r.process.writeStdin('聊天\n');
    await r.waitFor('True');
    r.process.writeStdin('a\nb\n');
    r.process.closeStdin();
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe("True '聊天\\n'\nline a\nline b\n");
  });
});

describe('the syscall door', () => {
  it('runs handlers registered on the kernel and per program; unknown ops raise ENOSYS', async () => {
    kernel.register('test.add', (_ctx, args: { a: number; b: number }) => args.a + args.b);
    const r = run(
      kernel,
      world,
      'micropython',
      py(`
      import _udplab_sys as k
      print(k.call('test.add', a=2, b=3))
      print(k.call('test.wait', ms=10))
      try:
          k.call('test.fail')
      except OSError as e:
          print(e)
      print(k.try_call('nope')[1]['code'])
    `),
      {
        handlers: {
          'test.wait': async (ctx, args: { ms: number }) => {
            await ctx.sleep(args.ms);
            return ['slept', args.ms];
          },
          'test.fail': () => {
            throw new SyscallError('ETIMEDOUT');
          },
        },
      },
    );
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe("5\n['slept', 10]\n[Errno 110] ETIMEDOUT\nENOSYS\n");
  });
});
