// Property: under any seeded loss below 100 % (with duplication, reordering and jitter), TCP delivers both byte streams exactly and in order, then closes cleanly.

import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { NetError } from './errors.ts';
import { createNetwork } from './network.ts';
import { Prng } from './prng.ts';
import type { Host } from './types.ts';

interface Side {
  host: Host;
  fd: number;
  out: Uint8Array;
  sent: number;
  got: Uint8Array[];
  gotLen: number;
  eof: boolean;
  closed: boolean;
}

function randomBytes(prng: Prng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = prng.int(0, 255);
  return b;
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** One connection under the seed's impairment; returns a summary for the assertion message. */
function run(
  seed: number,
  heavy = false,
): { ok: boolean; why: string; segments: number; retransmits: number } {
  const prng = new Prng(seed * 7919 + 1);
  const clock = new ManualClock(0);
  // Generous retry limits: the property is about delivery, not about giving up (tested elsewhere).
  const net = createNetwork({
    seed,
    clock,
    tcpSynRetries: 100,
    tcpSynAckRetries: 100,
    tcpRetries2: 100,
    lwipTcpSynRetries: 100,
    lwipTcpMaxRtx: 100,
  });
  net.addLan('lan', '10.0.0.0/24');
  const a = net.addHost({ name: 'a', profile: 'linux' });
  const b = net.addHost({ name: 'b', profile: seed % 3 === 0 ? 'lwip' : 'linux' });
  a.attach('lan');
  const bIp = b.attach('lan');
  const loss = heavy ? 0.6 + prng.next() * 0.3 : prng.next() * 0.6;
  net.setImpairment('lan', {
    loss,
    delayMs: prng.int(0, 20),
    jitterMs: prng.int(0, 10),
    duplicate: prng.next() * 0.2,
    reorder: prng.next() * 0.3,
    reorderExtraMs: prng.int(1, 30),
  });
  const lfd = b.socket('AF_INET', 'SOCK_STREAM');
  b.bind(lfd, '', 7000);
  b.listen(lfd, 1);
  const cfd = a.socket('AF_INET', 'SOCK_STREAM');
  try {
    a.connect(cfd, bIp, 7000);
  } catch (e) {
    if (!(e instanceof NetError) || e.code !== 'EINPROGRESS') throw e;
  }
  const sides: Side[] = [
    {
      host: a,
      fd: cfd,
      out: randomBytes(prng, prng.int(0, heavy ? 3000 : 30_000)),
      sent: 0,
      got: [],
      gotLen: 0,
      eof: false,
      closed: false,
    },
  ];
  const serverOut = randomBytes(prng, prng.int(0, heavy ? 3000 : 30_000));
  let server: Side | null = null;
  for (let step = 0; step < 100_000; step++) {
    if (server === null) {
      const acc = b.accept(lfd);
      if (acc !== null) {
        server = {
          host: b,
          fd: acc.fd,
          out: serverOut,
          sent: 0,
          got: [],
          gotLen: 0,
          eof: false,
          closed: false,
        };
        sides.push(server);
      }
    }
    for (const s of sides) {
      const st = s.host.tcpState(s.fd);
      if (st === 'SYN-SENT') continue;
      if (s.sent < s.out.length) {
        const n = s.host.send(s.fd, s.out.subarray(s.sent, s.sent + prng.int(1, 5000)));
        if (n !== null) s.sent += n;
      } else if (!s.closed) {
        s.host.shutdown(s.fd, 'SHUT_WR');
        s.closed = true;
      }
      if (!s.eof && prng.next() < 0.6) {
        const d = s.host.recv(s.fd, prng.int(1, 8000));
        if (d !== null) {
          if (d.length === 0) s.eof = true;
          else {
            s.got.push(d);
            s.gotLen += d.length;
          }
        }
      }
    }
    if (server !== null && sides.every((s) => s.eof && s.closed)) break;
    const next = clock.nextTimerAt();
    // Mostly small hops (readers act between arrivals), sometimes straight to the next timer (a long RTO).
    const hop = prng.next() < 0.8 ? prng.int(0, 5) : Infinity;
    if (next === null) clock.advance(hop === Infinity ? 1 : hop);
    else clock.advance(Math.max(0, Math.min(next - clock.now(), hop)));
  }
  const tcpRecords = net.records().filter((r) => r.tcp !== undefined);
  const summary = {
    segments: tcpRecords.length,
    retransmits: tcpRecords.filter((r) => r.tcp?.retransmit).length,
  };
  if (server === null) return { ok: false, why: `seed ${seed}: never accepted (loss ${loss})`, ...summary };
  const [cli, srv] = sides as [Side, Side];
  const toServer = concat(srv.got, srv.gotLen);
  const toClient = concat(cli.got, cli.gotLen);
  const same = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i]);
  if (!same(toServer, cli.out) || !same(toClient, srv.out))
    return {
      ok: false,
      why: `seed ${seed}: streams differ at ${clock.now()} ms (loss ${loss.toFixed(2)}; eof ${cli.eof}/${srv.eof} sent ${srv.sent} ${JSON.stringify([...a.tcpSockets(), ...b.tcpSockets()])}; ${toServer.length}/${cli.out.length} and ${toClient.length}/${srv.out.length} bytes)`,
      ...summary,
    };
  // Let the FINs settle: both ends leave the connection (TIME-WAIT or CLOSED), then everything is CLOSED.
  a.close(cfd);
  b.close(srv.fd);
  b.close(lfd);
  for (let i = 0, next = clock.nextTimerAt(); i < 100_000 && next !== null; i++, next = clock.nextTimerAt())
    clock.advance(Math.max(0, next - clock.now()));
  const left = [...a.tcpSockets(), ...b.tcpSockets()];
  if (left.length > 0)
    return { ok: false, why: `seed ${seed}: sockets left ${JSON.stringify(left)}`, ...summary };
  return { ok: true, why: '', ...summary };
}

describe('TCP delivers the exact byte stream under loss, duplication and reordering', () => {
  it('over 120 seeds, both directions, linux↔linux and linux↔board', () => {
    let retransmits = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const r = run(seed);
      expect(r.ok, r.why).toBe(true);
      retransmits += r.retransmits;
    }
    // The impairments really bit: the runs needed retransmissions.
    expect(retransmits).toBeGreaterThan(100);
  });

  it('still delivers at 60–90 % loss (20 seeds, smaller streams)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = run(seed, true);
      expect(r.ok, r.why).toBe(true);
    }
  });

  it('is deterministic: the same seed gives the same segments', () => {
    expect(run(42)).toEqual(run(42));
  });
});
