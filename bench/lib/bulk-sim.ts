// One bulk-transfer measurement on the simulated network: bulk_server.py and bulk_client.py (the
// same files real python3 runs) on two PC hosts of one LAN, through the Python runtime's public
// API; and the same transfer driven from JavaScript straight on netsim's TCP (no Python), the
// ceiling of the simulated stack.
import type { Kernel } from '../../site/runtime/python/index.ts';
import { twoHosts } from './echo-sim.ts';

/** What one bulk transfer moved, in how long, in how many recorded segments. */
export interface BulkResult {
  bytes: number;
  seconds: number;
  segments: number;
}

/**
 * Runs bulk_server.py and bulk_client.py on two simulated PCs for `seconds`.
 * @param cpuNow CPU time used so far by every thread of this process, ms.
 */
export async function measureSimBulk(
  kernel: Kernel,
  { server, client, seconds }: { server: string; client: string; seconds: number },
  cpuNow: () => number = () => NaN,
): Promise<BulkResult & { cpuMs: number }> {
  const { network, a, b, serverIp } = twoHosts();
  let segments = 0;
  const stopCounting = network.onDatagram((rec, change) => {
    if (change === 'create' && rec.tcp) segments++;
  });
  let cpuFrom: number | null = null;
  let serverOut = '';
  let clientOut = '';
  const srv = kernel.startProgram({
    runtime: 'cpython',
    filename: 'bulk_server.py',
    code: server,
    argv: ['9000'],
    host: b,
    network,
    onStdout: (t) => (serverOut += t),
    onStderr: (t) => (serverOut += t),
  });
  // Both interpreters load at once; the client tries its connect again until the server listens.
  const cli = kernel.startProgram({
    runtime: 'cpython',
    filename: 'bulk_client.py',
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
  const srvStatus = await srv.exited;
  clearTimeout(timer);
  stopCounting();
  const line = clientOut.trim().split('\n').pop() ?? '';
  if (status.exitCode !== 0 || srvStatus.exitCode !== 0 || !line.startsWith('{')) {
    throw new Error(`bulk transfer failed: client: ${clientOut}\nserver: ${serverOut}`);
  }
  const { bytes, seconds: elapsed } = JSON.parse(line) as { bytes: number; seconds: number };
  return { bytes, seconds: elapsed, segments, cpuMs };
}

/**
 * The same transfer without Python: 64 KiB sends on netsim's TCP between two hosts of a clean LAN
 * (segments arrive synchronously), the receiver draining 64 KiB at a time whenever the sender's
 * buffer is full, for `seconds`; then FIN both ways. Checks every byte arrived. A first transfer of
 * `warmSeconds` (not counted) lets V8 optimise the stack, as the Python programs' warm-up does.
 */
export function measureNetsimBulk(seconds: number, warmSeconds = 0.5): BulkResult {
  if (warmSeconds > 0) measureNetsimBulk(warmSeconds, 0);
  const { network, a, b, serverIp } = twoHosts();
  let segments = 0;
  const stopCounting = network.onDatagram((rec, change) => {
    if (change === 'create' && rec.tcp) segments++;
  });
  const lfd = b.socket('AF_INET', 'SOCK_STREAM');
  b.bind(lfd, '', 9000);
  b.listen(lfd, 1);
  const cfd = a.socket('AF_INET', 'SOCK_STREAM');
  a.connect(cfd, serverIp, 9000);
  const accepted = b.accept(lfd);
  if (!accepted) throw new Error('netsim bulk: the clean-LAN handshake did not finish within connect');
  const conn = accepted.fd;
  const chunk = new Uint8Array(65536).fill(120);
  let sent = 0;
  let received = 0;
  const drain = () => {
    for (;;) {
      const got = b.recv(conn, 65536);
      if (got === null || got.length === 0) return;
      received += got.length;
    }
  };
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 16; i++) {
      let off = 0;
      while (off < chunk.length) {
        const n = a.send(cfd, off === 0 ? chunk : chunk.subarray(off));
        if (n === null) drain();
        else off += n;
      }
      sent += chunk.length;
    }
  }
  a.shutdown(cfd, 'SHUT_WR');
  drain();
  const elapsed = (performance.now() - start) / 1000;
  stopCounting();
  if (received !== sent) throw new Error(`netsim bulk: sent ${sent} bytes, received ${received}`);
  a.close(cfd);
  b.close(conn);
  b.close(lfd);
  return { bytes: sent, seconds: elapsed, segments };
}
