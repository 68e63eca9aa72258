// TCP (SOCK_STREAM) from Python, on real Pyodide and real MicroPython: the stream calls, their
// errors as CPython on Linux and the 掌控板's firmware print them, Stop inside a blocking call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from './kernel.ts';
import { py, run, testWorld, type Run, type TestWorld } from './testing/programs.ts';
import type { Kernel, RuntimeName } from './types.ts';

let kernel: Kernel;
let world: TestWorld;

beforeAll(async () => {
  kernel = createKernel();
  world = testWorld();
  await Promise.all([kernel.prewarm('cpython'), kernel.prewarm('micropython')]);
}, 120_000);

afterAll(() => kernel.dispose());

/** Resolves once the program waits in `op` (it may pass through other blocking calls first). */
async function blockedIn(r: Run, op: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (!(r.process.state === 'blocked' && r.process.blockedOn === op)) {
    if (Date.now() > until) throw new Error(`not blocked in ${op}: ${r.process.blockedOn}\n${r.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const SERVER = (port: number) =>
  py(`
  import socket
  srv = socket.socket()
  srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
  srv.bind(('', ${port}))
  srv.listen(5)
  conn, addr = srv.accept()
  print('from', addr[0])
  while True:
      data = conn.recv(1024)
      if not data:
          break
      conn.sendall(data.upper())
  conn.close()
  srv.close()
  print('server done')
`);

const CLIENT = (ip: string, port: number) =>
  py(`
  import socket
  s = socket.socket()
  s.connect(('${ip}', ${port}))
  for word in ['hello', 'tcp']:
      s.send(word.encode())
      print(s.recv(1024).decode())
  s.close()
`);

describe.each(['cpython', 'micropython'] as RuntimeName[])('%s', (runtime) => {
  const [serverHost, clientHost, serverIp, clientIp] =
    runtime === 'cpython'
      ? (['pc1', 'pc2', '192.168.0.2', '192.168.0.3'] as const)
      : (['board1', 'board2', '192.168.0.4', '192.168.0.5'] as const);

  it('echoes over a TCP connection: socket() is SOCK_STREAM, accept gives (conn, addr)', async () => {
    const port = runtime === 'cpython' ? 7100 : 7101;
    const server = run(kernel, world, runtime, SERVER(port), { host: world[serverHost] });
    await server.blocked();
    expect(server.process.blockedOn).toBe('socket.accept');
    const client = run(kernel, world, runtime, CLIENT(serverIp, port), { host: world[clientHost] });
    expect(await client.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(await server.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(client.stdout()).toBe('HELLO\nTCP\n');
    expect(server.stdout()).toBe(`from ${clientIp}\nserver done\n`);
  });

  it('Stop interrupts accept, recv and a sendall the peer does not read, as it does recvfrom', async () => {
    const port = runtime === 'cpython' ? 7110 : 7111;
    const server = run(
      kernel,
      world,
      runtime,
      py(`
      import socket, time
      srv = socket.socket()
      srv.bind(('', ${port}))
      srv.listen(1)
      try:
          srv.accept()
      except KeyboardInterrupt:
          print('accept interrupted')
      conn, addr = srv.accept()
      print('accepted')
      time.sleep(600)
    `),
      { host: world[serverHost] },
    );
    await blockedIn(server, 'socket.accept');
    server.process.interrupt();
    await server.waitFor('accept interrupted');
    await blockedIn(server, 'socket.accept');
    const client = run(
      kernel,
      world,
      runtime,
      py(`
      import socket
      s = socket.socket()
      s.connect(('${serverIp}', ${port}))
      try:
          s.recv(10)
      except KeyboardInterrupt:
          print('recv interrupted')
      try:
          s.sendall(b'x' * 1000000)
      except KeyboardInterrupt:
          print('sendall interrupted')
    `),
      { host: world[clientHost] },
    );
    await blockedIn(client, 'socket.recv');
    client.process.interrupt();
    await client.waitFor('recv interrupted');
    await blockedIn(client, 'socket.send');
    client.process.interrupt();
    expect(await client.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(client.stdout()).toBe('recv interrupted\nsendall interrupted\n');
    await blockedIn(server, 'time.sleep');
    server.process.interrupt();
    expect((await server.process.exited).exception).toBe('KeyboardInterrupt');
    expect(server.stdout()).toMatch(/^accept interrupted\naccepted\n/); // the board's traceback follows on stdout
  });
});

describe('Stop in a connect nobody answers (100 % loss)', () => {
  it.each(['cpython', 'micropython'] as RuntimeName[])(
    '%s: KeyboardInterrupt inside connect',
    async (runtime) => {
      const lossy = testWorld();
      lossy.network.setImpairment('lan', { loss: 1 });
      const r = run(
        kernel,
        lossy,
        runtime,
        py(`
      import socket
      s = socket.socket()
      try:
          s.connect(('192.168.0.3', 80))
      except KeyboardInterrupt:
          print('connect interrupted')
    `),
        { host: runtime === 'cpython' ? lossy.pc1 : lossy.board1 },
      );
      await blockedIn(r, 'socket.connect');
      r.process.interrupt();
      expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
      expect(r.stdout()).toBe('connect interrupted\n');
    },
  );
});

describe('cpython TCP', () => {
  it('counts accepted connections against the per-program socket limit', async () => {
    const lim = createKernel({ limits: { maxSocketsPerProcess: 4 } });
    try {
      const r = run(
        lim,
        world,
        'cpython',
        py(`
        import socket
        srv = socket.socket()
        srv.bind(('127.0.0.1', 7120))
        srv.listen(8)
        a = socket.socket(); a.connect(('127.0.0.1', 7120))
        b = socket.socket(); b.connect(('127.0.0.1', 7120))
        c1, _ = srv.accept()
        print(c1.fileno())
        try:
            srv.accept()
        except OSError as e:
            print(type(e).__name__, e)
        c1.close()
        c2, _ = srv.accept()
        print('again', c2.fileno())
      `),
        { host: world.pc2 },
      );
      expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
      expect(r.stdout()).toBe('6\nOSError [Errno 24] Too many open files\nagain 6\n');
    } finally {
      lim.dispose();
    }
  });
});

describe('TCP through the classroom relay', () => {
  it.each(['cpython', 'micropython'] as RuntimeName[])(
    '%s: a connect to a real address says TCP stays inside the simulation (ENETUNREACH)',
    async (runtime) => {
      const relayed = testWorld();
      const host = runtime === 'cpython' ? relayed.pc1 : relayed.board1;
      host.setUplink({ bound: () => {}, send: () => {}, unbound: () => {} });
      const r = run(
        kernel,
        relayed,
        runtime,
        py(`
        import socket
        s = socket.socket()
        try:
            s.connect(('10.20.30.40', 80))
        except OSError as e:
            print(type(e).__name__, e.args[0])
            print(e)
        s2 = socket.socket()
        s2.connect(('192.168.0.3' if ${runtime === 'cpython' ? 'True' : 'False'} else '192.168.0.5', 1))
      `),
        { host },
      );
      const exit = await r.process.exited;
      if (runtime === 'cpython') {
        expect(r.stdout()).toBe(
          'OSError 101\n[Errno 101] Network is unreachable: TCP stays inside the simulation, only UDP goes ' +
            'through the classroom relay / 网络不可达：TCP 只在模拟网络内通信，只有 UDP 能经教室中继到达真实设备\n',
        );
        expect(r.stderr()).toMatch(/ConnectionRefusedError: \[Errno 111\] Connection refused\n$/);
        expect(exit.exception).toBe('ConnectionRefusedError');
      } else {
        expect(r.stdout()).toMatch(
          /^\[UDP Lab\] Network is unreachable: TCP stays inside the simulation.* \/ 网络不可达：TCP 只在模拟网络内通信.*\nOSError 101\n101\n/,
        );
        expect(r.stdout()).toMatch(/OSError: \[Errno 104\] ECONNRESET\n$/);
      }
    },
  );
});

describe('micropython TCP errors as the 掌控板 firmware prints them (BOARD.md)', () => {
  it('uses lwIP errno numbers and names: refused is ECONNRESET, timeouts ETIMEDOUT/EAGAIN, EINPROGRESS', async () => {
    const r = run(
      kernel,
      world,
      'micropython',
      py(`
      import socket
      def t(label, f):
          try:
              print(label, '->', repr(f()))
          except Exception as e:
              print(label, '!!', type(e).__name__, e, e.args[0])
      srv = socket.socket()
      srv.bind(('', 8000))
      t('listen()', lambda: srv.listen())
      srv.listen(2)
      print(srv)
      c = socket.socket()
      t('refused', lambda: c.connect(('127.0.0.1', 8001)))
      n = socket.socket()
      t('recv unconnected', lambda: n.recv(10))
      t('send unconnected', lambda: n.send(b'x'))
      c = socket.socket()
      c.connect(('127.0.0.1', 8000))
      conn, addr = srv.accept()
      print(conn, addr[0])
      c.write('hello\\nworld\\n')
      t('readline', lambda: conn.readline())
      t('read 3', lambda: conn.read(3))
      t('makefile is the socket', lambda: conn.makefile('rb') is conn)
      t('recv', lambda: conn.recv(10))
      conn.settimeout(0.25)
      t('recv timeout', lambda: conn.recv(10))
      conn.settimeout(0.05)
      t('recv short timeout', lambda: conn.recv(10))
      conn.setblocking(False)
      t('recv nonblocking', lambda: conn.recv(10))
      srv.setblocking(False)
      t('accept nonblocking', lambda: srv.accept())
      c.send(b'unread')
      conn.close()
      t('recv after reset', lambda: c.recv(10))
      t('recv again', lambda: c.recv(10))
      t('send after reset', lambda: c.send(b'x'))
      d = socket.socket()
      d.setblocking(False)
      t('nonblocking connect', lambda: d.connect(('127.0.0.1', 8000)))
      b = socket.socket()
      t('bind used port', lambda: b.bind(('', 8000)))
      import uselect
      srv.setblocking(True)
      p = uselect.poll()
      p.register(srv, uselect.POLLIN)
      t('poll listener, d queued', lambda: p.poll(0))
      e = socket.socket()
      e.connect(('127.0.0.1', 8000))
      t('poll listener', lambda: [(o is srv, ev) for o, ev in p.poll(1000)])
      a, _ = srv.accept()
      t('select writable', lambda: uselect.select([a], [a], [], 0)[1] == [a])
    `),
    );
    const exit = await r.process.exited;
    expect(r.stdout()).toBe(
      [
        'listen() !! TypeError function takes 2 positional arguments but 1 were given function takes 2 positional arguments but 1 were given',
        '<socket>',
        'refused !! OSError [Errno 104] ECONNRESET 104',
        'recv unconnected !! OSError [Errno 107] ENOTCONN 107',
        'send unconnected !! OSError [Errno 107] ENOTCONN 107',
        '<socket> 127.0.0.1',
        "readline -> b'hello\\n'",
        "read 3 -> b'wor'",
        'makefile is the socket -> True',
        "recv -> b'ld\\n'",
        'recv timeout !! OSError [Errno 110] ETIMEDOUT 110',
        'recv short timeout !! OSError [Errno 11] EAGAIN 11',
        'recv nonblocking !! OSError [Errno 11] EAGAIN 11',
        'accept nonblocking !! OSError [Errno 11] EAGAIN 11',
        'recv after reset !! OSError [Errno 104] ECONNRESET 104',
        "recv again -> b''",
        'send after reset !! OSError [Errno 107] ENOTCONN 107',
        'nonblocking connect !! OSError [Errno 115] EINPROGRESS 115',
        'bind used port !! OSError [Errno 98] EADDRINUSE 98',
        'poll listener, d queued -> [(<socket>, 1)]',
        'poll listener -> [(True, 1)]',
        'select writable -> True',
        '',
      ].join('\n'),
    );
    expect(exit).toEqual({ exitCode: 0, exception: null });
  });

  it("poll reports only the events asked for, POLLHUP once lwIP met an error, never POLLERR (uselect over lwIP's select)", async () => {
    const r = run(
      kernel,
      world,
      'micropython',
      py(`
      import socket, uselect, time
      ALL = uselect.POLLIN | uselect.POLLOUT | uselect.POLLERR | uselect.POLLHUP
      def ev(s, mask):
          p = uselect.poll()
          p.register(s, mask)
          return [e for o, e in p.poll(500)]
      srv = socket.socket()
      srv.bind(('', 8000))
      srv.listen(2)
      def pair():
          c = socket.socket()
          c.connect(('127.0.0.1', 8000))
          return c, srv.accept()[0]
      c, conn = pair()
      conn.close()
      time.sleep(0.1)
      print('peer closed', ev(c, ALL), ev(c, uselect.POLLIN))
      c.close()
      c, conn = pair()
      c.send(b'unread')
      time.sleep(0.1)
      conn.close()
      time.sleep(0.1)
      print('peer reset', ev(c, ALL), ev(c, uselect.POLLIN), ev(c, uselect.POLLHUP))
      r, w, x = uselect.select([], [], [c], 0)
      print('select x', x == [c])
      try:
          c.recv(10)
      except OSError as e:
          print('recv', e.args[0])
      print('after the error', ev(c, uselect.POLLHUP))
    `),
    );
    const exit = await r.process.exited;
    expect(r.stdout()).toBe(
      [
        'peer closed [5] [1]',
        'peer reset [21] [1] [16]',
        'select x True',
        'recv 104',
        'after the error [16]',
        '',
      ].join('\n'),
    );
    expect(exit).toEqual({ exitCode: 0, exception: null });
  });
});

describe('a connect nobody answers (100 % loss, virtual time)', () => {
  it('cpython: TimeoutError [Errno 110] after Linux\'s 6 SYN retries (127 s); with a timeout, "timed out"', async () => {
    const { createNodeKernel, runScenario } = await import('../runner/node.ts');
    const nodeKernel = await createNodeKernel();
    try {
      const result = await runScenario(
        {
          timeout: 600,
          lans: [{ name: 'home', cidr: '192.168.0.0/24', impairment: { loss: 1 } }],
          hosts: [
            { name: 'srv', kind: 'pc', ip: '192.168.0.3' },
            { name: 'cli', kind: 'pc', ip: '192.168.0.7' },
          ],
          programs: [
            {
              name: 'prog.py',
              host: 'cli',
              code: py(`
              import socket, time
              s = socket.socket()
              t0 = time.monotonic()
              try:
                  s.connect(('192.168.0.3', 80))
              except OSError as e:
                  print(type(e).__name__, e, round(time.monotonic() - t0))
              s = socket.socket()
              s.settimeout(2.5)
              t0 = time.monotonic()
              try:
                  s.connect(('192.168.0.3', 80))
              except OSError as e:
                  print(type(e).__name__, e, round(time.monotonic() - t0, 1))
              s = socket.socket()
              s.settimeout(1)
              print(s.connect_ex(('192.168.0.3', 80)))
            `),
            },
          ],
        },
        { time: 'virtual', kernel: nodeKernel },
      );
      const [p] = result.programs;
      expect(p!.stdout).toBe(
        'TimeoutError [Errno 110] Connection timed out 127\nTimeoutError timed out 2.5\n11\n',
      );
    } finally {
      await nodeKernel.dispose();
    }
  }, 120_000);
});
