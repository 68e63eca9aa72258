// The classroom relay as the relay tests start it: the real relay-server in this process on
// 127.0.0.1 (port 0) with a class token, the URLs a learner's and a teacher's page open, and a real
// python3 UDP echo on this machine's LAN address for the programs in the page to reach.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { createInterface } from 'node:readline';

/** What the tests use of a relay (relay-server/src/server/; its options: `RelayOptions` in relay/config.ts). */
export interface TestRelay {
  /** The WebSocket URL of its relay endpoint (ws://127.0.0.1:PORT/relay; wss: under TLS). */
  url: string;
  address(): { port: number };
  sessions: Set<{ id: string; displayName: string | null }>;
  results: { snapshot(): { learners: { name: string }[] } };
  close(): Promise<void>;
}

/**
 * An entry of relay-server/src/ (`server/index.ts`…), loaded by URL, not by a static import: type-checking the
 * relay's JavaScript through a test exhausts `astro check`'s memory. `T` is what the test uses of it.
 */
export async function relayModule<T>(file: string): Promise<T> {
  return (await import(new URL(`../../relay-server/src/${file}`, import.meta.url).href)) as T;
}

/** The relay's own logger that writes nothing, for relays whose log a test does not read. */
export async function silentLogger(): Promise<unknown> {
  return (await relayModule<{ silentLogger: unknown }>('relay/index.ts')).silentLogger;
}

/**
 * Starts a relay on 127.0.0.1 at an OS-chosen port, its real UDP sockets on 127.0.0.1 too, logging
 * nothing; `options` (a `RelayOptions`: the class token at least) add to or replace those defaults.
 * Close it with `relay.close()`.
 */
export async function startRelay(options: { token: string } & Record<string, unknown>): Promise<TestRelay> {
  const { createRelay } = await relayModule<{
    createRelay(o: Record<string, unknown>): Promise<TestRelay>;
  }>('server/index.ts');
  return createRelay({
    host: '127.0.0.1',
    port: 0,
    udpHost: '127.0.0.1',
    publicAddress: '127.0.0.1',
    logger: await silentLogger(),
    ...options,
  });
}

/** The class token (and the dashboard's) of a test's relay, named after the test. */
export function tokensFor(test: string): { token: string; adminToken: string } {
  return { token: `class-token-for-the-${test}-test`, adminToken: `admin-token-for-the-${test}-test` };
}

/** The relay's pages as a browser opens them: `scheme://host:port` (default http and 127.0.0.1). */
export function relayOrigin(relay: TestRelay, { scheme = 'http', host = '127.0.0.1' } = {}): string {
  return `${scheme}://${host}:${relay.address().port}`;
}

/** A lesson's path with the class token in its fragment, as the join link has it. */
export const joinPath = (path: string, token: string): string => `${path}#relay=${token}`;

/** The instructor dashboard's path with its admin token in the fragment. */
export const dashboardPath = (adminToken: string): string => `/admin#token=${adminToken}`;

/** Whether python3 runs on this machine (the tests that need a real peer say so when it does not). */
export const hasPython = spawnSync('python3', ['--version']).status === 0;

/**
 * This machine's first non-loopback IPv4 address. A page cannot use 127.0.0.1 for a real peer:
 * inside a virtual host 127.0.0.0/8 is that host's own loopback, so it never leaves the page.
 */
export function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

/** Echoes every datagram back as b'echo:' + data, and logs what it got on stdout. */
const ECHO = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
print(s.getsockname()[1], flush=True)
while True:
    data, addr = s.recvfrom(2048)
    print('got', data.decode(), addr[0], addr[1], flush=True)
    s.sendto(b'echo:' + data, addr)
`;

/** A python3 UDP echo: its port, the lines it logged ("got DATA IP PORT"), and how to end it. */
export interface PythonEcho {
  port: number;
  log: string[];
  stop(): void;
}

/** Starts a python3 UDP echo bound to `address` at an OS-chosen port; resolves once it listens. */
export async function startPythonEcho(address: string): Promise<PythonEcho> {
  const child: ChildProcess = spawn('python3', ['-c', ECHO, address], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
  const port = await new Promise<number>((resolve) => lines.once('line', (l) => resolve(Number(l))));
  const log: string[] = [];
  lines.on('line', (l) => log.push(l));
  return { port, log, stop: () => void child.kill() };
}
