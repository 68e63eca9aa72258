// 1 000 sessions that each open a real socket leave the process's open file descriptors where they started.
import { expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { connect, sleep, startRelay } from './helpers.ts';

const CYCLES = 1000;
const PARALLEL = 4;
const openFds = () => readdirSync('/proc/self/fd').length;

it.skipIf(process.platform !== 'linux')(
  `${CYCLES} connect/bind/disconnect cycles leak no file descriptor`,
  async () => {
    const relay = await startRelay({ maxSessionsPerAddress: PARALLEL + 1 });
    const cycle = async (i: number) => {
      const c = await connect(relay);
      const b = await c.bind(1, 0);
      expect(b.type).toBe('bound');
      if (i % 2) c.sendto(1, '127.0.0.1', b.relayPort, 'x'); // half of them also send
      if (i % 3 === 0)
        c.ws.terminate(); // and some end abruptly
      else await c.close();
    };
    await cycle(0); // warm up lazily created handles
    await sleep(100);
    const before = openFds();
    for (let i = 0; i < CYCLES; i += PARALLEL)
      await Promise.all(Array.from({ length: PARALLEL }, (_, k) => cycle(i + k)));
    const deadline = Date.now() + 5000;
    while ((openFds() !== before || relay.sessions.size > 0) && Date.now() < deadline) await sleep(50);
    expect(relay.sessions.size).toBe(0);
    expect(relay.mapper.held.size).toBe(0);
    expect(openFds()).toBe(before);
    await relay.close();
  },
  60_000,
);
