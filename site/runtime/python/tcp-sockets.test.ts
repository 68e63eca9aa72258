// TCP (SOCK_STREAM) from Python, on real Pyodide and real MicroPython: the stream calls, their
// errors as CPython on Linux and the 掌控板's firmware print them, Stop inside a blocking call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from './kernel.ts';
import { py, run, testWorld, type Run, type TestWorld } from './testing.ts';
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
