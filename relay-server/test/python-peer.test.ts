// A real CPython program on 127.0.0.1 talks with a learner's socket through the relay, both ways.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { connect, startRelay } from './helpers.ts';
import type { Readable } from 'node:stream';

const hasPython = spawnSync('python3', ['--version']).status === 0;

const PEER = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
s.settimeout(10)
print(s.getsockname()[1], flush=True)
learner = int(sys.stdin.readline())
s.sendto(b'hello from python', ('127.0.0.1', learner))
data, addr = s.recvfrom(2048)
s.sendto(data.upper(), addr)
print('done', addr[0], addr[1], flush=True)
`;

let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(() => relay.close());

it.skipIf(!hasPython)(
  'exchanges datagrams with a python3 peer: it writes first to the mapped port, then echoes',
  async () => {
    const py = spawn('python3', ['-c', PEER], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: py.stdout as Readable })[Symbol.asyncIterator]();
    const exited = new Promise((resolve) => py.once('exit', resolve));
    try {
      const pyPort = Number((await lines.next()).value);
      const c = await connect(relay);
      const bound = await c.bind(1, 0);
      py.stdin?.write(`${bound.relayPort}\n`);

      const first = await c.datagram(5000);
      expect(first).toMatchObject({ socket: 1, address: '127.0.0.1', port: pyPort });
      expect(new TextDecoder().decode(first.payload)).toBe('hello from python');

      c.sendto(1, '127.0.0.1', pyPort, 'ping from the browser');
      const reply = await c.datagram(5000);
      expect(new TextDecoder().decode(reply.payload)).toBe('PING FROM THE BROWSER');
      expect(String((await lines.next()).value)).toBe(`done 127.0.0.1 ${bound.relayPort}`);
      expect(await exited).toBe(0);
      await c.close();
    } finally {
      py.kill();
    }
  },
);
