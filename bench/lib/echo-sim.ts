// One echo measurement on the simulated network: an echo server and a client program (the same
// files real python3 runs) on two hosts of one LAN, through the Python runtime's public API.
// Runs wherever the runtime does: Node (the bench) and the page (bench/lib/echo-page.ts).
import { createNetwork } from '../../site/runtime/netsim/index.ts';
import { RealClock } from '../../site/runtime/python/index.ts';
import type { Kernel } from '../../site/runtime/python/index.ts';

export interface EchoOptions {
  runtime: 'cpython' | 'micropython';
  server: string;
  client: string;
  seconds: number;
}

export interface EchoResult {
  roundTrips: number;
  seconds: number;
  datagrams: number;
  cpuMs: number;
}

/**
 * µs per call, printed by bench/lib/echo_profile.py: one crossing into JS, one socket-shim call (door
 * stubbed), one whole syscall through the door (trivial handler); on PC hosts also a sendto +
 * recvfrom pair to the program's own socket at 32 B, 1, 4 and 16 KiB.
 */
export interface EchoProfile {
  ffi: number;
  shim: number;
  door: number;
  pair32?: number;
  pair1k?: number;
  pair4k?: number;
  pair16k?: number;
}

/**
 * The world every two-program measurement runs in (echo here, bulk transfer in bulk-sim.ts): one LAN
 * 192.168.0.0/24 on the wall clock (netsim seed 1), client host `a` and server host `b` on it, each
 * with the socket behaviour of `profile` (Linux for PC hosts, lwIP for 掌控板 hosts).
 */
export function twoHosts(profile: 'linux' | 'lwip' = 'linux') {
  const network = createNetwork({ seed: 1, clock: new RealClock() });
  network.addLan('lan', '192.168.0.0/24');
  const a = network.addHost({ name: 'a', profile });
  const b = network.addHost({ name: 'b', profile });
  a.attach('lan');
  b.attach('lan');
  const serverIp = b.addresses()[0];
  if (serverIp === undefined) throw new Error('the server host attached to the LAN has no address');
  return { network, a, b, serverIp };
}

/** @param cpuNow CPU time used so far by every thread of this process, ms (Node: process.cpuUsage). */
export async function measureSimEcho(
  kernel: Kernel,
  { runtime, server, client, seconds }: EchoOptions,
  cpuNow: () => number = () => NaN,
): Promise<EchoResult> {
  const { network, a, b, serverIp } = twoHosts(runtime === 'cpython' ? 'linux' : 'lwip');
  let datagrams = 0;
  const stopCounting = network.onDatagram((_rec, change) => change === 'create' && datagrams++);
  let cpuFrom: number | null = null;
  let serverOut = '';
  let clientOut = '';
  const srv = kernel.startProgram({
    runtime,
    filename: 'echo_server.py',
    code: server,
    argv: ['9000'],
    host: b,
    network,
    onStdout: (t) => (serverOut += t),
    onStderr: (t) => (serverOut += t),
  });
  await new Promise((resolve, reject) => {
    const off = srv.onStateChange((state) => {
      if (state !== 'blocked' && state !== 'exited') return;
      off();
      if (state === 'blocked') resolve(undefined);
      else reject(new Error(`echo server ended: ${serverOut}`));
    });
  });
  const cli = kernel.startProgram({
    runtime,
    filename: 'echo_client.py',
    code: client,
    argv: [serverIp, '9000', String(seconds)],
    host: a,
    network,
    onStdout: (t) => {
      clientOut += t;
      if (cpuFrom === null && clientOut.includes('warm')) cpuFrom = cpuNow();
    },
    onStderr: (t) => (clientOut += t),
  });
  const status = await cli.exited;
  const cpuMs = cpuFrom === null ? NaN : cpuNow() - cpuFrom;
  const timer = setTimeout(() => srv.kill(), 3000);
  await srv.exited;
  clearTimeout(timer);
  const line = clientOut.trim().split('\n').pop() ?? '';
  if (status.exitCode !== 0 || !line.startsWith('{')) {
    throw new Error(`echo client (${runtime}) failed: ${clientOut}\nserver: ${serverOut}`);
  }
  const { roundTrips, seconds: elapsed } = JSON.parse(line) as { roundTrips: number; seconds: number };
  stopCounting();
  return { roundTrips, seconds: elapsed, datagrams, cpuMs };
}

/**
 * Runs bench/lib/echo_profile.py on one host: µs per crossing into JS, per socket-shim call (door
 * stubbed) and per whole syscall through the door (trivial handler).
 */
export async function measureSimProfile(
  kernel: Kernel,
  { runtime, code, calls }: { runtime: 'cpython' | 'micropython'; code: string; calls: number },
): Promise<EchoProfile> {
  const network = createNetwork({ seed: 1, clock: new RealClock() });
  network.addLan('lan', '192.168.0.0/24');
  const host = network.addHost({ name: 'a', profile: runtime === 'cpython' ? 'linux' : 'lwip' });
  host.attach('lan');
  let out = '';
  const p = kernel.startProgram({
    runtime,
    filename: 'echo_profile.py',
    code,
    argv: [String(calls)],
    host,
    network,
    onStdout: (t) => (out += t),
    onStderr: (t) => (out += t),
  });
  const status = await p.exited;
  const line = out.trim().split('\n').pop() ?? '';
  if (status.exitCode !== 0 || !line.startsWith('{'))
    throw new Error(`echo_profile.py (${runtime}) failed: ${out}`);
  return JSON.parse(line) as EchoProfile;
}
