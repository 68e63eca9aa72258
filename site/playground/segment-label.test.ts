// The packet list's and diagram's names for TCP segments, and the ss -tuan rows, from records of a real netsim TCP exchange.
import { describe, expect, it } from 'vitest';
import type { DatagramRecord } from '../runtime/netsim/index.ts';
import { bound, bytes, home } from '../runtime/netsim/testing/fixtures.ts';
import type { Host } from '../runtime/netsim/index.ts';
import { SegmentNumbering, fateKey, segmentInfo, segmentShort } from '../runtime/netsim/index.ts';
import { ssRows } from './socket-table.ts';

const PC2 = '192.168.0.3';

function listen(host: Host, port: number): number {
  const fd = host.socket('AF_INET', 'SOCK_STREAM');
  host.bind(fd, '', port);
  host.listen(fd, 5);
  return fd;
}

/** Each TCP record as the packet list shows it, with its direction (> to the server, < from it). */
function infos(records: readonly DatagramRecord[], numbering = new SegmentNumbering()): string[] {
  return records.flatMap((r) => {
    const n = numbering.of(r);
    if (!n) return [];
    return [`${r.dst[1] === 9000 ? '>' : '<'} ${n.retransmit ? 'RETX ' : ''}${segmentInfo(n)} ${r.fate}`];
  });
}

describe('TCP segments in the packet list and the diagram', () => {
  it('numbers the handshake, data and close relative to each side’s SYN, as Wireshark does', () => {
    const { net, pc1, pc2 } = home();
    const srv = listen(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const conn = pc2.accept(srv)!.fd;
    pc1.send(cli, bytes('hello'));
    pc2.recv(conn, 100);
    pc2.send(conn, bytes('HELLO!'));
    pc1.recv(cli, 100);
    pc1.close(cli);
    pc2.close(conn);
    const lines = infos(net.records());
    // The numbers are absolute in the records (a seeded ISN): relative ones start at 0.
    const syn = net.records()[0]!.tcp!;
    expect(syn.seq).not.toBe(0);
    expect(lines.slice(0, 3)).toEqual([
      '> [SYN] Seq=0 Win=131072 Len=0 delivered',
      '< [SYN, ACK] Seq=0 Ack=1 Win=131072 Len=0 delivered',
      '> [ACK] Seq=1 Ack=1 Win=131072 Len=0 delivered',
    ]);
    expect(lines).toContain('> [PSH, ACK] Seq=1 Ack=1 Win=131072 Len=5 delivered');
    expect(lines.some((l) => /^< \[PSH, ACK\] Seq=1 Ack=6 Win=\d+ Len=6 delivered$/.test(l))).toBe(true);
    expect(lines.some((l) => /^> \[FIN, ACK\] Seq=6 Ack=7 /.test(l))).toBe(true);
    expect(lines.some((l) => /^< \[FIN, ACK\] Seq=7 Ack=7 /.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^> \[ACK\] Seq=7 Ack=8 /);
  });

  it('tells bare ACKs apart and gives the diagram a short label', () => {
    const { net, pc1, pc2 } = home();
    listen(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    pc1.send(cli, bytes('hi'));
    const numbering = new SegmentNumbering();
    const nums = net.records().map((r) => numbering.of(r)!);
    expect(nums.map((n) => n.bareAck)).toEqual([false, false, true, false, true]);
    expect(nums.map(segmentShort)).toEqual([
      'SYN Seq=0',
      'SYN, ACK Seq=0 Ack=1',
      'ACK Ack=1',
      'PSH, ACK Seq=1 Len=2',
      'ACK Ack=3',
    ]);
    // A UDP datagram is not a segment.
    const udp = bound(pc1, '', 5000);
    pc1.sendto(udp, bytes('x'), PC2, 5001);
    expect(numbering.of(net.records().at(-1)!)).toBeNull();
  });

  it('marks the retransmission of a lost segment, with the same Seq as the original', () => {
    const { net, clock, pc1, pc2 } = home();
    const srv = listen(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    pc2.accept(srv);
    net.setImpairment('home', { loss: 1 });
    pc1.send(cli, bytes('lost once'));
    net.setImpairment('home', { loss: 0 });
    clock.advance(1_500);
    const lines = infos(net.records());
    expect(lines).toContain('> [PSH, ACK] Seq=1 Ack=1 Win=131072 Len=9 lost');
    expect(lines).toContain('> RETX [PSH, ACK] Seq=1 Ack=1 Win=131072 Len=9 delivered');
    expect(lines.indexOf('> RETX [PSH, ACK] Seq=1 Ack=1 Win=131072 Len=9 delivered')).toBeGreaterThan(
      lines.indexOf('> [PSH, ACK] Seq=1 Ack=1 Win=131072 Len=9 lost'),
    );
  });

  it('shows the RST of a closed port and of a close with unread data', () => {
    const { net, pc1 } = home();
    const refused = pc1.socket('AF_INET', 'SOCK_STREAM');
    expect(() => pc1.connect(refused, PC2, 9000)).toThrow();
    expect(infos(net.records())).toEqual([
      '> [SYN] Seq=0 Win=131072 Len=0 refused',
      '< [RST, ACK] Seq=0 Ack=1 Win=0 Len=0 delivered',
    ]);

    const second = home();
    const srv = listen(second.pc2, 9000);
    const cli = second.pc1.socket('AF_INET', 'SOCK_STREAM');
    second.pc1.connect(cli, PC2, 9000);
    const conn = second.pc2.accept(srv)!.fd;
    second.pc1.send(cli, bytes('unread'));
    second.pc2.close(conn);
    expect(infos(second.net.records()).at(-1)).toMatch(/^< \[RST, ACK\] Seq=1 Ack=7 /);
  });

  it('starts again at 0 when a new connection reuses the same ports', () => {
    const { net, pc1, pc2 } = home();
    const numbering = new SegmentNumbering();
    listen(pc2, 9000);
    const a = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(a, PC2, 9000);
    const first = net.records().map((r) => segmentShort(numbering.of(r)!));
    const b = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(b, PC2, 9000);
    const second = net
      .records()
      .slice(first.length)
      .map((r) => segmentShort(numbering.of(r)!));
    expect(second.slice(0, 3)).toEqual(first.slice(0, 3));
    // Already numbered records keep their numbers.
    expect(
      net
        .records()
        .map((r) => segmentShort(numbering.of(r)!))
        .slice(0, 3),
    ).toEqual(first.slice(0, 3));
  });
});

describe('ss -tuan rows', () => {
  it('lists listening, established, TIME-WAIT and UDP sockets with ss’s state names', () => {
    const { pc1, pc2 } = home();
    const srv = listen(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const [, cport] = pc1.getsockname(cli);
    pc1.send(cli, bytes('abc'));
    bound(pc2, '', 5005);
    pc2.socket('AF_INET', 'SOCK_DGRAM'); // never bound: ss does not list it
    const rows = ssRows(pc2.tcpSockets(), pc2.udpSockets());
    expect(rows).toEqual([
      { netid: 'tcp', state: 'LISTEN', recvQ: 1, sendQ: 5, local: '0.0.0.0:9000', peer: '0.0.0.0:*' },
      {
        netid: 'tcp',
        state: 'ESTAB',
        recvQ: 3,
        sendQ: 0,
        local: `${PC2}:9000`,
        peer: `192.168.0.2:${cport}`,
      },
      { netid: 'udp', state: 'UNCONN', recvQ: 0, sendQ: 0, local: '0.0.0.0:5005', peer: '0.0.0.0:*' },
    ]);
    const conn = pc2.accept(srv)!.fd;
    pc1.close(cli);
    expect(ssRows(pc1.tcpSockets(), []).map((r) => r.state)).toEqual(['FIN-WAIT-2']);
    expect(ssRows(pc2.tcpSockets(), []).map((r) => r.state)).toEqual(['LISTEN', 'CLOSE-WAIT']);
    pc2.recv(conn, 100); // read everything, or close would answer with RST
    pc2.close(conn);
    expect(ssRows(pc1.tcpSockets(), []).map((r) => r.state)).toEqual(['TIME-WAIT']);
    expect(ssRows(pc2.tcpSockets(), []).map((r) => r.state)).toEqual(['LISTEN']);
  });
});

describe('fate names', () => {
  it('says RST, not port unreachable, for a TCP segment to a closed port', () => {
    const { net, pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_STREAM');
    expect(() => pc1.connect(fd, PC2, 9000)).toThrow();
    const udp = bound(pc1, '', 5000);
    pc1.sendto(udp, bytes('x'), PC2, 5001);
    expect(net.records().map((r) => `${r.fate} ${fateKey(r)}`)).toEqual([
      'refused playground.fate.tcp.refused',
      'delivered playground.fate.delivered',
      'refused playground.fate.refused',
    ]);
  });
});
