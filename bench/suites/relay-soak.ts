// A classroom's worth of sessions for a while: each session its own WebSocket and its own relay
// socket, sending to a UDP echo server and receiving the echoes; loss, and the relay process's CPU
// and memory, measured in the relay's own (child) process.
import dgram from 'node:dgram';
import {
  RelayClient,
  frame,
  quantile,
  sleep,
  startRelayChild,
  startUdpPeerChild,
  udpDropsByPort,
  withTimeout,
  type ChildStats,
} from '../lib/relay-client.ts';
import { DEFAULTS } from '../../relay-server/src/relay/index.ts';
import type { Suite } from '../lib/results.ts';

const RATE = 50; // datagrams/s per session
const PAYLOAD_BYTES = 32;
const MiB = 2 ** 20;
// The echo server is the benchmark's instrument, not the relay: a larger receive buffer (Linux caps it
// at net.core.rmem_max) keeps a stall of this shared machine from overflowing it. The kernel's drop
// counters of every UDP socket on the path are read anyway, to say where any loss happened.
const ECHO_BUFFER = 4 * MiB;

export default {
  name: 'relay-soak',
  title: 'Relay: soak — many sessions × 50 datagrams/s through a relay process',
  async run({ quick }) {
    const sessions = quick ? 10 : 60;
    const seconds = quick ? 5 : 60;
    const cleanup: Array<() => Promise<unknown>> = [];
    let ticker: NodeJS.Timeout | undefined;
    try {
      const echo = await startUdpPeerChild({ echo: true, recvBufferSize: ECHO_BUFFER });
      cleanup.push(() => echo.stop());
      const relay = await startRelayChild({
        // Default quotas, except those per client address: the sessions stand for as many learners,
        // each on their own computer, but all come from 127.0.0.1 here.
        options: { allowLoopback: true, ...perAddressFor(sessions) },
        sendPorts: [echo.port],
      });
      cleanup.push(() => relay.stop());
      const idle = await relay.stats();

      const users: Array<{
        client: RelayClient;
        frame: Uint8Array;
        sent: number;
        got: Uint8Array;
        sentAt: Float64Array;
        rtts: number[];
        relayPort: number;
      }> = [];
      cleanup.push(() => Promise.all(users.map((u) => u.client.close())));
      let errors = 0;
      let dropReports = 0;
      let late = 0;
      const capacity = RATE * seconds + RATE * 2;
      for (let i = 0; i < sessions; i++) {
        const client = await RelayClient.open(relay.url, relay.token);
        const user = {
          client,
          frame: frame(1, '127.0.0.1', echo.port, new Uint8Array(PAYLOAD_BYTES)),
          sent: 0,
          got: new Uint8Array(capacity),
          sentAt: new Float64Array(capacity),
          rtts: [] as number[],
          relayPort: 0,
        };
        users.push(user);
        client.oncontrol = (m) => {
          if (m.type === 'error') errors++;
          if (m.type === 'drops') dropReports++;
        };
        client.ondatagram = (d) => {
          const n = new DataView(d.payload.buffer, d.payload.byteOffset, d.payload.byteLength).getUint32(4);
          if (n >= capacity || user.got[n]) return;
          user.got[n] = 1;
          const rtt = (performance.now() - (user.sentAt[n] as number)) * 1000;
          if (rtt > 1e6) late++;
          user.rtts.push(rtt);
        };
        user.relayPort = (await client.bind(1, 0)).relayPort; // each session's own real socket
      }
      // A raw UDP probe at the same 50/s to the same echo server: the anchor for the round trips.
      const probe = dgram.createSocket('udp4');
      cleanup.push(() => new Promise((r) => probe.close(() => r(undefined))).catch(() => undefined));
      await withTimeout(
        new Promise((resolve) => probe.bind(0, '127.0.0.1', () => resolve(undefined))),
        2000,
        'bind',
      );
      const probeBuf = Buffer.alloc(PAYLOAD_BYTES);
      const probeAt = new Float64Array(capacity);
      const probeGot = new Uint8Array(capacity);
      const probeRtts: number[] = [];
      let probeSent = 0;
      probe.on('message', (msg) => {
        const n = msg.length >= 8 ? msg.readUInt32BE(4) : capacity;
        if (n >= capacity || probeGot[n]) return;
        probeGot[n] = 1;
        probeRtts.push((performance.now() - (probeAt[n] as number)) * 1000);
      });
      const loaded = await relay.stats();
      const dropsBefore = udpDropsByPort();

      // Every session sends what its clock says is due, phases spread over the 20 ms between datagrams.
      const samples: ChildStats[] = [loaded];
      let sampling = false;
      const start = performance.now() + 20;
      const end = start + seconds * 1000;
      const sendDue = () => {
        const now = Math.min(performance.now(), end);
        const probeDue = Math.floor(((now - start - 10) * RATE) / 1000) + 1;
        for (; probeSent < probeDue && probeSent < capacity; probeSent++) {
          probeBuf.writeUInt32BE(probeSent, 4);
          probeAt[probeSent] = performance.now();
          probe.send(probeBuf, echo.port, '127.0.0.1');
        }
        users.forEach((u, i) => {
          const due = Math.floor(((now - start - (i * 1000) / RATE / sessions) * RATE) / 1000) + 1;
          for (; u.sent < due && u.sent < capacity; u.sent++) {
            const view = new DataView(u.frame.buffer, u.frame.byteOffset);
            view.setUint32(u.frame.length - PAYLOAD_BYTES + 4, u.sent);
            u.sentAt[u.sent] = performance.now();
            u.client.sendFrame(u.frame);
          }
        });
      };
      let lastSample = performance.now();
      ticker = setInterval(() => {
        sendDue();
        if (!sampling && performance.now() - lastSample >= 1000) {
          sampling = true;
          lastSample = performance.now();
          void relay
            .stats()
            .then((s) => samples.push(s))
            .catch(() => undefined)
            .finally(() => (sampling = false));
        }
      }, 1);
      const echoBefore = await echo.stats();
      while (performance.now() < end + 10) {
        await sleep(100);
        if (!relay.alive) throw new Error(`the relay process died: ${relay.stderr.slice(-400)}`);
      }
      clearInterval(ticker);
      ticker = undefined;
      sendDue();
      const last = await relay.stats();
      samples.push(last);
      const echoAfter = await echo.stats();

      // Echoes still in flight get up to 2 s.
      const sent = users.reduce((n, u) => n + u.sent, 0);
      const received = () => users.reduce((n, u) => n + u.rtts.length, 0);
      const drainEnd = performance.now() + 2000;
      while (received() < sent && performance.now() < drainEnd) await sleep(50);
      const got = received();
      const lost = sent - got;
      const dropsAfter = udpDropsByPort();
      const dropped = (port: number) => {
        const after = dropsAfter.get(port);
        const before = dropsBefore.get(port);
        return after !== undefined && before !== undefined ? after - before : NaN;
      };
      const echoDrops = dropped(echo.port);
      const relaySocketDrops = users.reduce((n, u) => n + dropped(u.relayPort), 0);
      const probeDrops = dropped(probe.address().port);
      const kernelDrops = Number.isNaN(echoDrops + relaySocketDrops)
        ? 'kernel drop counters unavailable'
        : `kernel drop counters (receive buffer full): echo server ${echoDrops}, the relay's ${sessions} ` +
          `sockets ${relaySocketDrops}, the probe ${probeDrops}`;
      const closedEarly = users.filter((u) => u.client.ws.readyState !== u.client.ws.OPEN).length;

      const window = samples.filter((s) => s.at >= loaded.at);
      const first = window[0] as ChildStats;
      const cpuPct = (a: ChildStats, b: ChildStats) =>
        (100 * (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system)) / 1000 / (b.at - a.at);
      const relayCpu = cpuPct(first, last);
      const echoCpu = cpuPct(echoBefore, echoAfter);
      const perSecond = window.slice(1).map((s, i) => cpuPct(window[i] as ChildStats, s));
      const rssPeak = Math.max(...samples.map((s) => s.mem.rss)) / MiB;
      const heapPeak = Math.max(...samples.map((s) => s.mem.heapUsed)) / MiB;
      const quarters = [0.25, 0.5, 0.75, 1].map(
        (q) => window.find((s) => s.at >= first.at + q * (last.at - first.at) - 500) ?? last,
      );
      const rtts = Float64Array.from(users.flatMap((u) => u.rtts)).sort();
      const raw = Float64Array.from(probeRtts).sort();
      const fmt = (n: number) => n.toFixed(1);
      const how =
        `${sessions} sessions, each its own WebSocket (subprotocol udp-lab.relay.v1) and its own bound relay ` +
        `socket, each sending ${RATE} datagrams/s of ${PAYLOAD_BYTES} bytes for ${seconds} s to a node:dgram echo ` +
        `server (child process) and receiving the echoes; relay = createRelay in its own child process with ` +
        `default quotas except the per-client-address ones, set to those of ${sessions} addresses since every ` +
        `session comes from 127.0.0.1 (${Object.entries(perAddressFor(sessions))
          .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
          .join(', ')}); its CPU and memory from ` +
        `process.cpuUsage()/memoryUsage() reported over IPC every second.`;
      return [
        {
          figure: 'datagrams lost (sent − echoes received)',
          value: lost,
          unit: 'datagrams',
          better: 'lower',
          budget: '0 lost',
          pass: lost === 0,
          how:
            `${how} Sent ${sent.toLocaleString('en-US')}, echoes received ${got.toLocaleString('en-US')} ` +
            `(waited up to 2 s after the end); relay error replies ${errors}, drop reports ${dropReports}, ` +
            `sessions closed before the end ${closedEarly}; ${kernelDrops}. The echo server's receive buffer ` +
            `is ${Math.round(echo.ready.recvBufferSize / 1024).toLocaleString('en-US')} KiB.`,
          ...(lost === 0
            ? {}
            : {
                note:
                  `Missed: relay reported ${errors} errors and ${dropReports} drop reports; relay sent ` +
                  `${Number(last.packetsOut) - Number(loaded.packetsOut)} and received ` +
                  `${Number(last.packetsIn) - Number(loaded.packetsIn)} UDP datagrams in the run; ${closedEarly} ` +
                  `sessions closed early; ${kernelDrops}; round trip p99 ${Math.round(quantile(rtts, 0.99))} µs ` +
                  `and max ${Math.round(rtts[rtts.length - 1] ?? NaN)} µs (stalls of this shared machine).`,
              }),
        },
        {
          figure: 'relay process CPU',
          value: relayCpu,
          unit: '% of a core',
          anchor: 'the UDP echo process (same datagrams, UDP only)',
          anchorValue: echoCpu,
          better: 'lower',
          how:
            `Mean over the run; per second it ranged ${fmt(Math.min(...perSecond))}–${fmt(Math.max(...perSecond))} %. ` +
            `The relay handles each datagram four times (WebSocket in, UDP out, UDP in, WebSocket out), the echo twice.`,
        },
        {
          figure: 'relay process RSS (peak)',
          value: rssPeak,
          unit: 'MiB',
          better: 'lower',
          how:
            `Idle relay before any session ${fmt(idle.mem.rss / MiB)} MiB; with ${sessions} sessions open ` +
            `${fmt(loaded.mem.rss / MiB)} MiB; during the run, at each quarter: ${quarters
              .map((s) => `${fmt(s.mem.rss / MiB)}`)
              .join(
                ', ',
              )} MiB (heap used ${quarters.map((s) => fmt(s.mem.heapUsed / MiB)).join(', ')} MiB, heap ` +
            `total ${quarters.map((s) => fmt(s.mem.heapTotal / MiB)).join(', ')} MiB: V8 enlarges its young ` +
            `generation under a steady allocation rate).`,
        },
        {
          figure: 'relay process V8 heap used (peak)',
          value: heapPeak,
          unit: 'MiB',
          better: 'lower',
          how:
            `Idle ${fmt(idle.mem.heapUsed / MiB)} MiB; with the sessions open ${fmt(loaded.mem.heapUsed / MiB)} MiB; ` +
            `at the end ${fmt(last.mem.heapUsed / MiB)} MiB (heap total ${fmt(last.mem.heapTotal / MiB)} MiB).`,
        },
        {
          figure: 'round trip under soak p50',
          value: quantile(rtts, 0.5),
          unit: 'µs',
          anchor: 'raw UDP probe at 50/s, p50',
          anchorValue: quantile(raw, 0.5),
          better: 'lower',
        },
        {
          figure: 'round trip under soak p99',
          value: quantile(rtts, 0.99),
          unit: 'µs',
          anchor: 'raw UDP probe at 50/s, p99',
          anchorValue: quantile(raw, 0.99),
          better: 'lower',
          how:
            `Client → relay → echo → relay → client, all ${rtts.length.toLocaleString('en-US')} echoes` +
            `${late ? ` (${late} over 1 s)` : ''}; sends are paced by a 1 ms timer in this process. The anchor is a ` +
            `node:dgram socket in this process sending 50/s to the same echo server during the run ` +
            `(${raw.length.toLocaleString('en-US')} of ${probeSent.toLocaleString('en-US')} echoed): at 50/s every hop ` +
            `wakes a sleeping process, so both round trips are far above the back-to-back ping-pong of relay-latency.`,
        },
      ];
    } finally {
      if (ticker) clearInterval(ticker);
      for (const f of cleanup.reverse()) await withTimeout(f(), 10_000, 'cleanup').catch(() => undefined);
    }
  },
} satisfies Suite;

/**
 * The per-client-address limits of `n` addresses (the defaults × n): the soak's sessions stand for
 * n learners on n computers, but come from one address.
 */
function perAddressFor(n: number) {
  return {
    maxSessionsPerAddress: DEFAULTS.maxSessionsPerAddress * n,
    maxConnectionsPerAddress: DEFAULTS.maxConnectionsPerAddress * n,
    addressPacketsPerSecond: DEFAULTS.addressPacketsPerSecond * n,
    addressPacketsBurst: DEFAULTS.addressPacketsBurst * n,
    addressBytesPerSecond: DEFAULTS.addressBytesPerSecond * n,
    addressBytesBurst: DEFAULTS.addressBytesBurst * n,
    maxPortsPerAddress: DEFAULTS.maxPortsPerAddress * n,
  };
}
