// TCP in netsim: handshake, the three ways to close, refused/reset/broken pipe, SYN timeout, TIME-WAIT and SO_REUSEADDR, backlog, window and stream semantics.

import { describe, expect, it } from 'vitest';
import type { DatagramRecord } from './records.ts';
import { bytes, home, netError, text } from './testing/fixtures.ts';
import type { Host } from './types.ts';

const PC1 = '192.168.0.2';
const PC2 = '192.168.0.3';
const BOARD = '192.168.0.4';

function server(host: Host, port: number, backlog = 5): number {
  const fd = host.socket('AF_INET', 'SOCK_STREAM');
  host.bind(fd, '', port);
  host.listen(fd, backlog);
  return fd;
}

/** connect() that may complete later: swallows EINPROGRESS. */
function startConnect(host: Host, ip: string, port: number): number {
  const fd = host.socket('AF_INET', 'SOCK_STREAM');
  try {
    host.connect(fd, ip, port);
  } catch (e) {
    if ((e as { code?: string }).code !== 'EINPROGRESS') throw e;
  }
  return fd;
}

function segs(records: readonly DatagramRecord[]): string[] {
  return records
    .filter((r) => r.tcp !== undefined)
    .map((r) => {
      const t = r.tcp!;
      const flags = t.flags.filter((f) => f !== 'PSH').join(',');
      return `${r.src[1] === 9000 ? '<' : '>'} ${flags}${t.len > 0 ? ` len=${t.len}` : ''}${t.retransmit ? ' retx' : ''} ${r.fate}`;
    });
}

describe('TCP handshake and data', () => {
  it('connects synchronously on a clean LAN: SYN, SYN-ACK, ACK, and accept hands out the peer', () => {
    const { net, pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    expect(pc1.tcpState(cli)).toBe('ESTABLISHED');
    expect(pc2.readable(srv)).toBe(true);
    const acc = pc2.accept(srv);
    expect(acc).not.toBeNull();
    const [, cport] = pc1.getsockname(cli);
    expect(acc).toEqual({ fd: expect.any(Number), ip: PC1, port: cport });
    expect(pc2.tcpState(acc!.fd)).toBe('ESTABLISHED');
    expect(pc2.getpeername(acc!.fd)).toEqual([PC1, cport]);
    expect(pc2.accept(srv)).toBeNull();
    expect(segs(net.records())).toEqual(['> SYN delivered', '< SYN,ACK delivered', '> ACK delivered']);
    expect(pc1.getsockopt(cli, 'SOL_SOCKET', 'SO_TYPE')).toBe(1);
  });

  it('carries bytes both ways; two sends can arrive in one recv', () => {
    const { pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const conn = pc2.accept(srv)!.fd;
    expect(pc1.send(cli, bytes('hello '))).toBe(6);
    expect(pc1.send(cli, bytes('world'))).toBe(5);
    expect(text(pc2.recv(conn, 100)!)).toBe('hello world');
    expect(pc2.recv(conn, 100)).toBeNull();
    pc2.send(conn, bytes('abcdef'));
    expect(text(pc1.recv(cli, 4)!)).toBe('abcd');
    expect(text(pc1.recv(cli, 4, true)!)).toBe('ef');
    expect(text(pc1.recv(cli, 4)!)).toBe('ef');
  });

  it('a lost SYN-ACK is sent again as soon as the client repeats its SYN', () => {
    const { net, clock, pc1, board } = home();
    server(board, 9000);
    net.setImpairment('home', { delayMs: 5 });
    const fd = startConnect(pc1, BOARD, 9000);
    clock.advance(4);
    net.setImpairment('home', { loss: 1 }); // the SYN is already on its way; the SYN-ACK will be lost
    clock.advance(2);
    net.setImpairment('home', { loss: 0 });
    clock.advance(1009 - 6);
    expect(pc1.tcpState(fd)).toBe('SYN-SENT');
    clock.advance(1); // SYN again at 1000 ms, SYN-ACK again at 1005 ms (not at the board's own 3 s RTO)
    expect(pc1.tcpState(fd)).toBe('ESTABLISHED');
    const synAcks = net.records().filter((r) => r.tcp?.flags.join() === 'SYN,ACK');
    expect(synAcks.map((r) => [r.t, r.tcp!.retransmit, r.fate])).toEqual([
      [5, false, 'lost'],
      [1005, true, 'delivered'],
    ]);
  });

  it('splits one send into MSS-sized segments; a reader between arrivals sees part of it', () => {
    const { net, clock, pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const conn = pc2.accept(srv)!.fd;
    net.setImpairment('home', { delayMs: 10 });
    const big = new Uint8Array(5000).map((_, i) => i & 0xff);
    expect(pc1.send(cli, big)).toBe(5000);
    const data = net.records().filter((r) => r.tcp !== undefined && r.tcp.len > 0);
    // Nagle: the full-sized segments go at once, the 620-byte tail waits for their ACK.
    expect(data.map((r) => r.tcp!.len)).toEqual([1460, 1460, 1460]);
    clock.advance(9);
    expect(pc2.recv(conn, 10_000)).toBeNull();
    let got = 0;
    const parts: number[] = [];
    for (let t = 0; t < 100 && got < 5000; t++) {
      clock.advance(1);
      const chunk = pc2.recv(conn, 10_000);
      if (chunk !== null) {
        parts.push(chunk.length);
        got += chunk.length;
      }
    }
    expect(got).toBe(5000);
    // Three segments arrive together at 10 ms; the tail leaves at 20 ms with their ACK and lands at 30 ms.
    expect(parts).toEqual([4380, 620]);
  });
});

describe('closing', () => {
  function pair(delayMs: number) {
    const h = home();
    const srv = server(h.pc2, 9000);
    const cli = h.pc1.socket('AF_INET', 'SOCK_STREAM');
    h.pc1.connect(cli, PC2, 9000);
    const conn = h.pc2.accept(srv)!.fd;
    h.net.setImpairment('home', { delayMs });
    return { ...h, srv, cli, conn };
  }

  it('active close: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT for 60 s; the peer goes CLOSE-WAIT, LAST-ACK, CLOSED', () => {
    const { clock, pc1, pc2, cli, conn } = pair(10);
    pc1.shutdown(cli, 'SHUT_WR');
    expect(pc1.tcpState(cli)).toBe('FIN-WAIT-1');
    clock.advance(10);
    expect(pc2.tcpState(conn)).toBe('CLOSE-WAIT');
    expect(pc2.recv(conn, 10)).toEqual(new Uint8Array(0));
    clock.advance(10);
    expect(pc1.tcpState(cli)).toBe('FIN-WAIT-2');
    pc2.close(conn);
    expect(pc2.tcpSockets().find((s) => s.peer !== null)?.state).toBe('LAST-ACK');
    clock.advance(10);
    expect(pc1.tcpState(cli)).toBe('TIME-WAIT');
    expect(pc1.recv(cli, 10)).toEqual(new Uint8Array(0));
    clock.advance(10);
    expect(pc2.tcpSockets().map((s) => s.state)).toEqual(['LISTEN']);
    clock.advance(59_989); // TIME-WAIT began at 30 ms
    expect(pc1.tcpState(cli)).toBe('TIME-WAIT');
    clock.advance(1);
    expect(pc1.tcpState(cli)).toBe('CLOSED');
  });

  it('passive close seen from the server: the client closes first, the server reads end of stream', () => {
    const { net, clock, pc1, pc2, cli, conn } = pair(5);
    pc1.send(cli, bytes('bye'));
    pc1.close(cli);
    clock.advance(5);
    expect(text(pc2.recv(conn, 10)!)).toBe('bye');
    expect(pc2.recv(conn, 10)!.length).toBe(0);
    expect(pc2.tcpState(conn)).toBe('CLOSE-WAIT');
    pc2.close(conn);
    clock.advance(20);
    expect(pc1.tcpSockets().map((s) => s.state)).toEqual(['TIME-WAIT']);
    expect(pc1.tcpSockets()[0]!.fd).toBeNull();
    expect(pc2.tcpSockets().map((s) => s.state)).toEqual(['LISTEN']);
    const flags = segs(net.records()).slice(3);
    expect(flags).toEqual([
      '> ACK len=3 delivered',
      '> FIN,ACK delivered',
      '< ACK delivered',
      '< ACK delivered',
      '< FIN,ACK delivered',
      '> ACK delivered',
    ]);
  });

  it('simultaneous close: both FIN-WAIT-1, then CLOSING, then both TIME-WAIT', () => {
    const { clock, pc1, pc2, cli, conn } = pair(10);
    pc1.shutdown(cli, 'SHUT_WR');
    pc2.shutdown(conn, 'SHUT_WR');
    expect([pc1.tcpState(cli), pc2.tcpState(conn)]).toEqual(['FIN-WAIT-1', 'FIN-WAIT-1']);
    clock.advance(10);
    expect([pc1.tcpState(cli), pc2.tcpState(conn)]).toEqual(['CLOSING', 'CLOSING']);
    clock.advance(10);
    expect([pc1.tcpState(cli), pc2.tcpState(conn)]).toEqual(['TIME-WAIT', 'TIME-WAIT']);
  });
});

describe('errors', () => {
  it('a closed port answers RST: ECONNREFUSED on linux, ECONNRESET on the board', () => {
    const { net, pc1, board } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_STREAM');
    const e = netError(() => pc1.connect(fd, PC2, 9000));
    expect([e.code, e.errno]).toEqual(['ECONNREFUSED', 111]);
    expect(pc1.tcpState(fd)).toBe('CLOSED');
    expect(segs(net.records())).toEqual(['> SYN refused', '< RST,ACK delivered']);
    const bfd = board.socket('AF_INET', 'SOCK_STREAM');
    expect(netError(() => board.connect(bfd, PC2, 9000)).code).toBe('ECONNRESET');
  });

  it('close with unread data sends RST: the peer reads ECONNRESET, then sending is EPIPE', () => {
    const { pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const conn = pc2.accept(srv)!.fd;
    pc1.send(cli, bytes('unread'));
    pc2.close(conn);
    expect(pc1.tcpState(cli)).toBe('CLOSED');
    expect(pc1.readable(cli)).toBe(true);
    expect(netError(() => pc1.recv(cli, 10)).code).toBe('ECONNRESET');
    expect(pc1.recv(cli, 10)!.length).toBe(0);
    expect(netError(() => pc1.send(cli, bytes('x'))).code).toBe('EPIPE');
  });

  it('broken pipe: after the peer closed, a send is answered with RST and the next send is EPIPE', () => {
    const { net, pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const conn = pc2.accept(srv)!.fd;
    pc2.close(conn);
    expect(pc1.tcpState(cli)).toBe('CLOSE-WAIT');
    expect(pc1.send(cli, bytes('first'))).toBe(5);
    expect(segs(net.records()).at(-1)).toBe('< RST,ACK delivered');
    const e = netError(() => pc1.send(cli, bytes('second')));
    expect([e.code, e.errno, e.strerror]).toEqual(['EPIPE', 32, 'Broken pipe']);
    expect(netError(() => pc1.send(cli, bytes('third'))).code).toBe('EPIPE');
  });

  it('after the RST a send earned in CLOSE-WAIT, recv still reads end of stream; EPIPE waits for send (linux)', () => {
    const { pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    pc2.close(pc2.accept(srv)!.fd);
    expect(pc1.send(cli, bytes('x'))).toBe(1);
    expect(pc1.tcpState(cli)).toBe('CLOSED');
    expect(pc1.recv(cli, 10)!.length).toBe(0);
    expect(pc1.recv(cli, 10)!.length).toBe(0);
    expect(netError(() => pc1.send(cli, bytes('x'))).code).toBe('EPIPE');
  });

  it('connect again on the same socket after ECONNREFUSED: a new port, and it gets in once the server listens', () => {
    const { pc1, pc2 } = home();
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    expect(netError(() => pc1.connect(cli, PC2, 9000)).code).toBe('ECONNREFUSED');
    const [addr, first] = pc1.getsockname(cli);
    expect(addr).toBe('0.0.0.0');
    expect(netError(() => pc1.listen(cli, 1)).code).toBe('EINVAL');
    expect(netError(() => pc1.connect(cli, PC2, 9000)).code).toBe('ECONNREFUSED');
    const srv = server(pc2, 9000);
    pc1.connect(cli, PC2, 9000);
    expect(pc1.tcpState(cli)).toBe('ESTABLISHED');
    const [addr2, port] = pc1.getsockname(cli);
    expect([addr2, port === first]).toEqual([PC1, false]);
    expect(pc2.accept(srv)).toEqual({ fd: expect.any(Number), ip: PC1, port });
  });

  it('a SYN nobody answers: retransmitted after 1, 3, 7, 15, 31, 63 s, ETIMEDOUT at 127 s', () => {
    const { net, clock, pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_STREAM');
    expect(netError(() => pc1.connect(fd, '192.168.0.99', 80)).code).toBe('EINPROGRESS');
    expect(pc1.writable(fd)).toBe(false);
    expect(netError(() => pc1.connect(fd, '192.168.0.99', 80)).code).toBe('EALREADY');
    clock.advance(126_999);
    expect(pc1.tcpState(fd)).toBe('SYN-SENT');
    const syns = net.records().filter((r) => r.tcp?.flags.includes('SYN'));
    expect(syns.map((r) => r.t)).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 63_000]);
    expect(syns.map((r) => r.tcp!.retransmit)).toEqual([false, true, true, true, true, true, true]);
    expect(syns.every((r) => r.fate === 'unroutable')).toBe(true);
    let woken = 0;
    pc1.onReadable(fd, () => woken++);
    clock.advance(1);
    expect(woken).toBe(1); // a blocked connect wakes up to read SO_ERROR
    expect(pc1.tcpState(fd)).toBe('CLOSED');
    expect(pc1.writable(fd)).toBe(true);
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_ERROR')).toBe(110);
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_ERROR')).toBe(0);
  });

  it('the board gives up after 6 SYN retransmissions from a 3 s RTO: ECONNABORTED at 309 s', () => {
    const { clock, board } = home();
    const fd = startConnect(board, '192.168.0.99', 80);
    clock.advance(308_999);
    expect(board.tcpState(fd)).toBe('SYN-SENT');
    clock.advance(1);
    expect(netError(() => board.connect(fd, '192.168.0.99', 80)).code).toBe('ECONNABORTED');
  });

  it('the SYN retry count is a named option', () => {
    const { clock, pc1 } = home({ tcpSynRetries: 1 });
    const fd = startConnect(pc1, '192.168.0.99', 80);
    clock.advance(2999);
    expect(pc1.tcpState(fd)).toBe('SYN-SENT');
    clock.advance(1);
    expect(netError(() => pc1.send(fd, bytes('x'))).code).toBe('ETIMEDOUT');
  });

  it('send and recv on a socket that never connected: EPIPE and ENOTCONN (linux)', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_STREAM');
    expect(netError(() => pc1.send(fd, bytes('x'))).code).toBe('EPIPE');
    expect(netError(() => pc1.recv(fd, 1)).code).toBe('ENOTCONN');
    expect(netError(() => pc1.sendto(fd, bytes('x'), PC2, 1)).code).toBe('EOPNOTSUPP');
  });
});

describe('TIME-WAIT and SO_REUSEADDR', () => {
  function serverClosesFirst(reuse: boolean) {
    const h = home();
    const srv = h.pc2.socket('AF_INET', 'SOCK_STREAM');
    if (reuse) h.pc2.setsockopt(srv, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    h.pc2.bind(srv, '', 9000);
    h.pc2.listen(srv, 5);
    const cli = h.pc1.socket('AF_INET', 'SOCK_STREAM');
    h.pc1.connect(cli, PC2, 9000);
    const conn = h.pc2.accept(srv)!.fd;
    h.pc2.close(conn); // the server closes first: its side of the connection waits in TIME-WAIT
    h.pc1.close(cli);
    h.pc2.close(srv);
    return h;
  }

  it('a restarted server without SO_REUSEADDR gets EADDRINUSE until TIME-WAIT (60 s) is over', () => {
    const { clock, pc2 } = serverClosesFirst(false);
    expect(pc2.tcpSockets().map((s) => [s.state, s.local[1], s.fd])).toEqual([['TIME-WAIT', 9000, null]]);
    const again = pc2.socket('AF_INET', 'SOCK_STREAM');
    const e = netError(() => pc2.bind(again, '', 9000));
    expect([e.code, e.errno]).toEqual(['EADDRINUSE', 98]);
    expect(e.reason).toMatch(/TIME-WAIT/);
    clock.advance(60_000);
    pc2.bind(again, '', 9000);
    pc2.listen(again, 5);
  });

  it('with SO_REUSEADDR on the old and the new server, the new one binds at once', () => {
    const { pc1, pc2 } = serverClosesFirst(true);
    const again = pc2.socket('AF_INET', 'SOCK_STREAM');
    pc2.setsockopt(again, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc2.bind(again, '', 9000);
    pc2.listen(again, 5);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    expect(pc2.accept(again)).not.toBeNull();
  });

  it("SO_REUSEADDR on the new server alone is not enough (Linux keeps the old socket's flag)", () => {
    const { pc2 } = serverClosesFirst(false);
    const again = pc2.socket('AF_INET', 'SOCK_STREAM');
    pc2.setsockopt(again, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    expect(netError(() => pc2.bind(again, '', 9000)).code).toBe('EADDRINUSE');
  });

  it('two listeners on one port conflict even with SO_REUSEADDR; the board waits 120 s', () => {
    const { clock, pc2, board, pc1 } = home();
    const a = pc2.socket('AF_INET', 'SOCK_STREAM');
    const b = pc2.socket('AF_INET', 'SOCK_STREAM');
    for (const fd of [a, b]) {
      pc2.setsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
      pc2.bind(fd, '', 7000);
    }
    pc2.listen(a, 1);
    expect(netError(() => pc2.listen(b, 1)).code).toBe('EADDRINUSE');
    const bsrv = server(board, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, BOARD, 9000);
    const conn = board.accept(bsrv)!.fd;
    board.close(conn);
    pc1.close(cli);
    board.close(bsrv);
    clock.advance(119_999);
    expect(netError(() => board.bind(board.socket('AF_INET', 'SOCK_STREAM'), '', 9000)).code).toBe(
      'EADDRINUSE',
    );
    clock.advance(1);
    expect(board.tcpSockets()).toEqual([]);
  });
});

describe('backlog and window', () => {
  it('linux listen(1) queues two connections; a third SYN is dropped and retried after 1 s', () => {
    const { net, clock, pc1, pc2 } = home();
    const srv = server(pc2, 9000, 1);
    const a = startConnect(pc1, PC2, 9000);
    const b = startConnect(pc1, PC2, 9000);
    const c = startConnect(pc1, PC2, 9000);
    expect([a, b, c].map((fd) => pc1.tcpState(fd))).toEqual(['ESTABLISHED', 'ESTABLISHED', 'SYN-SENT']);
    expect(net.records().filter((r) => r.fate === 'dropped')).toHaveLength(1);
    expect(pc2.accept(srv)).not.toBeNull();
    clock.advance(1000);
    expect(pc1.tcpState(c)).toBe('ESTABLISHED');
    expect(pc2.accept(srv)).not.toBeNull();
    expect(pc2.accept(srv)).not.toBeNull();
    expect(pc2.accept(srv)).toBeNull();
  });

  it('the board takes exactly backlog connections', () => {
    const { pc1, board } = home();
    server(board, 9000, 2);
    const fds = [0, 1, 2].map(() => startConnect(pc1, BOARD, 9000));
    expect(fds.map((fd) => pc1.tcpState(fd))).toEqual(['ESTABLISHED', 'ESTABLISHED', 'SYN-SENT']);
  });

  it('a sender would block once the peer stops reading (window + send buffer full), and resumes', () => {
    const { clock, pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const conn = pc2.accept(srv)!.fd;
    const chunk = new Uint8Array(1000);
    let sent = 0;
    for (;;) {
      const n = pc1.send(cli, chunk);
      if (n === null) break;
      sent += n;
    }
    expect(sent).toBe(131_072 + 16_384);
    expect(pc1.writable(cli)).toBe(false);
    expect(pc2.tcpSockets().find((s) => s.fd === conn)!.recvQ).toBe(131_072);
    let read = 0;
    while (read < 20_000) read += pc2.recv(conn, 4096)!.length;
    clock.advance(0);
    expect(pc1.writable(cli)).toBe(true);
    expect(pc1.send(cli, chunk)).toBe(1000);
  });

  it('a lost window update is recovered by the zero-window probe', () => {
    const { net, clock, pc1, pc2 } = home({ tcpRcvBuf: 4000, tcpSndBuf: 4000 });
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    const conn = pc2.accept(srv)!.fd;
    while (pc1.send(cli, new Uint8Array(500)) !== null);
    net.setImpairment('home', { loss: 1 });
    expect(pc2.recv(conn, 4000)!.length).toBe(4000); // its window update is lost
    net.setImpairment('home', { loss: 0 });
    clock.advance(60_000);
    expect(pc2.recv(conn, 8000)!.length).toBe(4000);
    const probes = net.records().filter((r) => r.tcp?.retransmit === true && r.tcp.len === 0);
    expect(probes.length).toBeGreaterThan(0);
  });
});

describe('more of what a shim relies on', () => {
  function connected(opts = {}) {
    const h = home(opts);
    const srv = server(h.pc2, 9000);
    const cli = h.pc1.socket('AF_INET', 'SOCK_STREAM');
    h.pc1.connect(cli, PC2, 9000);
    const conn = h.pc2.accept(srv)!.fd;
    return { ...h, srv, cli, conn };
  }

  it('works over loopback inside one host', () => {
    const { pc1 } = home();
    const srv = server(pc1, 8080);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, '127.0.0.1', 8080);
    const acc = pc1.accept(srv)!;
    expect(acc.ip).toBe('127.0.0.1');
    pc1.send(acc.fd, bytes('local'));
    expect(text(pc1.recv(cli, 10)!)).toBe('local');
  });

  it('onReadable fires when data, a connection or a FIN arrives', () => {
    const { net, clock, pc1, pc2, srv, cli, conn } = connected();
    net.setImpairment('home', { delayMs: 5 });
    let calls = 0;
    pc2.onReadable(conn, () => calls++);
    let listenerCalls = 0;
    pc2.onReadable(srv, () => listenerCalls++);
    pc1.send(cli, bytes('x'));
    expect(calls).toBe(0);
    clock.advance(5);
    expect(calls).toBe(1);
    expect(pc2.readable(conn)).toBe(true);
    startConnect(pc1, PC2, 9000);
    clock.advance(10); // SYN and SYN-ACK: half-open, nothing to accept yet
    expect(pc2.readable(srv)).toBe(false);
    clock.advance(5); // the handshake's ACK
    expect(listenerCalls).toBeGreaterThan(0);
    expect(pc2.readable(srv)).toBe(true);
  });

  it('SHUT_RD: recv returns end of stream, after data that arrives later (as Linux)', () => {
    const { pc1, pc2, cli, conn } = connected();
    pc2.shutdown(conn, 'SHUT_RD');
    expect(pc2.recv(conn, 10)!.length).toBe(0);
    expect(pc2.readable(conn)).toBe(true);
    pc1.send(cli, new TextEncoder().encode('late'));
    expect(new TextDecoder().decode(pc2.recv(conn, 10)!)).toBe('late');
    expect(pc2.recv(conn, 10)!.length).toBe(0);
  });

  it('shutdown after the connection reached TIME-WAIT is ENOTCONN', () => {
    const { pc1, pc2, cli, conn } = connected();
    pc1.shutdown(cli, 'SHUT_WR');
    pc2.close(conn);
    expect(pc1.tcpState(cli)).toBe('TIME-WAIT');
    expect(netError(() => pc1.shutdown(cli, 'SHUT_RD')).code).toBe('ENOTCONN');
  });

  it('closing a listener resets the connections nobody accepted', () => {
    const { pc1, pc2 } = home();
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    pc2.close(srv);
    expect(netError(() => pc1.recv(cli, 10)).code).toBe('ECONNRESET');
    expect(pc2.tcpSockets()).toEqual([]);
  });

  it('data arriving after close is answered with RST', () => {
    const { net, clock, pc1, pc2, cli, conn } = connected();
    net.setImpairment('home', { delayMs: 5 });
    pc2.close(conn); // FIN on its way
    pc1.send(cli, bytes('too late')); // crosses it
    clock.advance(20);
    const rst = net.records().filter((r) => r.tcp?.flags.includes('RST'));
    // The orphan resets the connection; the ACK pc1 had sent for the FIN then finds no connection and gets a RST of its own.
    expect(rst.map((r) => [r.from, r.t])).toEqual([
      ['pc2', 5],
      ['pc2', 10],
    ]);
    expect(netError(() => pc1.send(cli, bytes('x'))).code).toMatch(/^(ECONNRESET|EPIPE)$/);
  });

  it('the board reports ECONNRESET once after a reset, then ENOTCONN', () => {
    const { pc1, board } = home();
    const srv = server(pc1, 9000);
    const cli = board.socket('AF_INET', 'SOCK_STREAM');
    board.connect(cli, PC1, 9000);
    const conn = pc1.accept(srv)!.fd;
    board.send(cli, bytes('unread'));
    pc1.close(conn);
    expect(netError(() => board.send(cli, bytes('x'))).code).toBe('ECONNRESET');
    expect(netError(() => board.send(cli, bytes('x'))).code).toBe('ENOTCONN');
  });

  it('data nobody acknowledges: retransmitted with back-off, then ETIMEDOUT', () => {
    const { net, clock, pc1, cli } = connected({ tcpRetries2: 3 });
    net.setImpairment('home', { loss: 1 });
    pc1.send(cli, bytes('lost'));
    clock.advance(200 + 400 + 800 + 1600 - 1);
    expect(pc1.tcpState(cli)).toBe('ESTABLISHED');
    const data = net.records().filter((r) => r.tcp?.len === 4);
    expect(data.map((r) => [r.t, r.tcp!.retransmit, r.fate])).toEqual([
      [0, false, 'lost'],
      [200, true, 'lost'],
      [600, true, 'lost'],
      [1400, true, 'lost'],
    ]);
    clock.advance(1);
    expect(netError(() => pc1.recv(cli, 10)).code).toBe('ETIMEDOUT');
  });

  it('a duplicated segment is recorded as duplicated and delivered once', () => {
    const { net, clock, pc1, pc2, cli, conn } = connected();
    net.setImpairment('home', { duplicate: 1, delayMs: 1 });
    pc1.send(cli, bytes('once'));
    clock.advance(5);
    expect(text(pc2.recv(conn, 100)!)).toBe('once');
    expect(pc2.recv(conn, 100)).toBeNull();
    const copies = net.records().filter((r) => r.tcp?.len === 4);
    expect(copies.map((r) => r.fate)).toEqual(['delivered', 'duplicated']);
  });

  it('accept at the socket limit raises EMFILE and leaves the connection queued', () => {
    const { pc1, pc2 } = home({ maxSocketsPerHost: 1 });
    const srv = server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    expect(netError(() => pc2.accept(srv)).code).toBe('EMFILE');
    expect(pc2.readable(srv)).toBe(true);
    pc2.close(srv);
    expect(netError(() => pc1.recv(cli, 1)).code).toBe('ECONNRESET');
  });
});

describe('what the packet list and ss -tan read', () => {
  it('each segment is announced once as create, then updated when it arrives', () => {
    const { net, clock, pc1, pc2 } = home();
    server(pc2, 9000);
    net.setImpairment('home', { delayMs: 3 });
    const seen: string[] = [];
    net.onDatagram((rec, change) => seen.push(`${change} ${rec.tcp!.flags.join()} ${rec.fate}`));
    startConnect(pc1, PC2, 9000);
    clock.advance(3);
    expect(seen).toEqual(['create SYN in-flight', 'update SYN delivered', 'create SYN,ACK in-flight']);
  });

  it('tcpSockets lists listeners with their accept queue and backlog, connections with Recv-Q and Send-Q', () => {
    const { pc1, pc2 } = home();
    server(pc2, 9000);
    const cli = pc1.socket('AF_INET', 'SOCK_STREAM');
    pc1.connect(cli, PC2, 9000);
    pc1.send(cli, bytes('abc'));
    const [, cport] = pc1.getsockname(cli);
    expect(pc2.tcpSockets()).toEqual([
      { fd: 3, state: 'LISTEN', local: ['0.0.0.0', 9000], peer: null, recvQ: 1, sendQ: 5 },
      { fd: null, state: 'ESTABLISHED', local: [PC2, 9000], peer: [PC1, cport], recvQ: 3, sendQ: 0 },
    ]);
  });
});
