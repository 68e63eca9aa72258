// Carrying datagrams: records each copy, applies the LAN's impairment, and delivers to sockets (or refuses, drops, loses).

import type { Clock } from './clock.ts';
import type { StackHost } from './stack-host.ts';
import { planCopies } from './impairment.ts';
import type { Lan } from './lan.ts';
import type { ResolvedOptions } from './options.ts';
import type { DatagramRecord, Fate, RecordLog, RelayRule } from './records.ts';
import type { Route } from './router.ts';
import { setPendingError } from './socket-fields.ts';
import { ACK, FIN, PSH, RST, SYN, type Segment } from './tcp-socket.ts';
import type { UdpSocket } from './udp-socket.ts';
import type { UplinkDelivery } from './uplink.ts';
import { formatIpv4, isLoopback, parseIpv4 } from './ipv4.ts';
import { MAX_UPLINK_LOOPBACK_PEERS } from './udp-socket.ts';

/** Record LAN name of datagrams that leave or enter through a host's uplink. */
export const UPLINK_LAN = 'uplink';

/** One sent datagram, shared by its copies. */
interface Datagram {
  readonly from: StackHost;
  readonly sock: UdpSocket;
  readonly lan: Lan<StackHost> | null;
  readonly srcIp: number;
  readonly srcIpStr: string;
  readonly sport: number;
  readonly dstIp: number;
  readonly dport: number;
  readonly data: Uint8Array;
}

/** A segment copy on its way to a host (a LAN member, or the sender itself on loopback). */
interface SegmentArrival {
  readonly seg: Segment;
  readonly rec: DatagramRecord;
  readonly lan: Lan<StackHost> | null;
  readonly host: StackHost | null;
}

const FLAG_NAMES: readonly [number, 'FIN' | 'SYN' | 'RST' | 'PSH' | 'ACK'][] = [
  [FIN, 'FIN'],
  [SYN, 'SYN'],
  [RST, 'RST'],
  [PSH, 'PSH'],
  [ACK, 'ACK'],
];

export class Wire implements UplinkDelivery {
  /** Segments due now, delivered in order by drainSegments() (never inside the call that sent them). */
  #segments: SegmentArrival[] = [];
  #segHead = 0;
  #draining = false;
  readonly #opts: ResolvedOptions;
  readonly #clock: Clock;
  readonly #log: RecordLog;
  readonly #delays: number[] = [0, 0];
  /** Sockets to wake once the current record is logged. */
  readonly #wake: UdpSocket[] = [];

  constructor(opts: ResolvedOptions, log: RecordLog) {
    this.#opts = opts;
    this.#clock = opts.clock;
    this.#log = log;
  }

  /** Sends data (already validated and routed by the host) and records its fate. */
  transmit(from: StackHost, sock: UdpSocket, data: Uint8Array, r: Route, dport: number): void {
    const copy = data.slice();
    const dg: Datagram = {
      from,
      sock,
      lan: r.lan,
      srcIp: r.srcIp,
      srcIpStr: r.srcIpStr,
      sport: sock.localPort,
      dstIp: r.dstIp,
      dport,
      data: copy,
    };
    const payload =
      copy.length <= this.#opts.recordPayloadBytes ? copy : copy.slice(0, this.#opts.recordPayloadBytes);
    const dst: [string, number] = [r.dstIpStr, dport];
    const kind = r.kind;
    if (kind === 'loopback') {
      const rec = this.#record(dg, this.#log.nextId(), 0, from.loName, dst, payload);
      this.#arriveUnicast(from, dg, rec, true);
      return;
    }
    if (kind === 'uplink') {
      const rec = this.#record(dg, this.#log.nextId(), 0, UPLINK_LAN, dst, payload);
      rec.fate = 'relayed';
      this.#log.add(rec);
      const sent = (sock.uplinkSent ??= new Map());
      const key = `${r.dstIpStr}:${dport}`;
      sent.delete(key);
      sent.set(key, rec);
      if (sent.size > MAX_UPLINK_LOOPBACK_PEERS) sent.delete(sent.keys().next().value as string);
      const handle = sock.uplink;
      if (handle !== null) from.uplink?.send(handle, r.dstIpStr, dport, copy);
      return;
    }
    const lan = r.lan as Lan<StackHost>;
    if (kind === 'gateway') {
      const rec = this.#record(dg, this.#log.nextId(), 0, lan.name, dst, payload);
      rec.fate = 'unroutable';
      this.#log.add(rec);
      return;
    }
    const broadcast = kind === 'broadcast';
    if (broadcast && from.profile !== 'lwip') this.#loopBroadcastBack(dg, dst, payload);
    const id = this.#log.nextId();
    if (lan.clean) {
      const rec = this.#record(dg, id, 0, lan.name, dst, payload);
      if (broadcast) this.#arriveBroadcast(dg, rec, true);
      else this.#arriveLan(dg, rec, true);
      return;
    }
    const delays = this.#delays;
    const copies = planCopies(lan.prng, lan.impairment, delays);
    if (copies === 0) {
      const rec = this.#record(dg, id, 0, lan.name, dst, payload);
      rec.fate = 'lost';
      this.#log.add(rec);
      return;
    }
    const now = this.#clock.now();
    for (let c = 0; c < copies; c++) {
      const rec = this.#record(dg, id, c, lan.name, c === 0 ? dst : [dst[0], dst[1]], payload);
      const delay = delays[c] as number;
      if (delay === 0) {
        if (broadcast) this.#arriveBroadcast(dg, rec, true);
        else this.#arriveLan(dg, rec, true);
      } else {
        this.#log.add(rec);
        this.#clock.setTimer(now + delay, () => {
          if (broadcast) this.#arriveBroadcast(dg, rec, false);
          else this.#arriveLan(dg, rec, false);
        });
      }
    }
  }

  #record(
    dg: Datagram,
    id: number,
    copy: number,
    lan: string,
    dst: [string, number],
    payload: Uint8Array,
  ): DatagramRecord {
    return {
      id,
      copy,
      t: this.#clock.now(),
      lan,
      src: [dg.srcIpStr, dg.sport],
      dst,
      size: dg.data.length,
      payload,
      fate: 'in-flight',
      from: dg.from.name,
    };
  }

  /** Logs rec (first time: create, else update), then wakes the sockets that got something. */
  #settle(rec: DatagramRecord, fate: Fate, isNew: boolean): void {
    rec.fate = fate;
    if (isNew) this.#log.add(rec);
    else this.#log.update(rec);
    // Pop one at a time: a listener may send at once, and the nested delivery shares this list.
    const wake = this.#wake;
    for (let sock = wake.pop(); sock !== undefined; sock = wake.pop()) sock.notify();
  }

  /**
   * A datagram from the real network, through the host's uplink, for one socket. Not impaired
   * (the real network has its own faults). A socket connected to someone else refuses it, as
   * Linux's lookup would; a full buffer drops it.
   */
  deliverFromUplink(host: StackHost, sock: UdpSocket, ip: string, port: number, data: Uint8Array): boolean {
    if (sock.closed || parseIpv4(ip) < 0 || !Number.isInteger(port) || port < 1 || port > 65535) return false;
    const copy = data.slice();
    const now = this.#clock.now();
    const rec: DatagramRecord = {
      id: this.#log.nextId(),
      copy: 0,
      t: now,
      tDeliver: now,
      lan: UPLINK_LAN,
      src: [ip, port],
      dst: [sock.localIp === 0 ? (host.ifaces[0]?.ipStr ?? '0.0.0.0') : sock.localIpStr, sock.localPort],
      size: copy.length,
      payload:
        copy.length <= this.#opts.recordPayloadBytes ? copy : copy.slice(0, this.#opts.recordPayloadBytes),
      fate: 'in-flight',
      from: ip,
    };
    if (sock.connected && (sock.peerIpStr !== ip || sock.peerPort !== port)) {
      this.#settle(rec, 'refused', true);
      return false;
    }
    const linux = host.profile !== 'lwip';
    if (linux ? sock.used > sock.rcvBuf : sock.queued >= this.#opts.lwipRecvMbox) {
      this.#settle(rec, 'dropped', true);
      return false;
    }
    const charge = linux ? copy.length + this.#opts.rcvBufOverhead : copy.length;
    const srcIp = parseIpv4(ip);
    if (isLoopback(srcIp)) {
      // From a program on the relay's computer: a reply to it must go back through the uplink.
      const peers = (sock.uplinkLoopbackPeers ??= new Set());
      const key = `${formatIpv4(srcIp)}:${port}`;
      peers.delete(key);
      peers.add(key);
      if (peers.size > MAX_UPLINK_LOOPBACK_PEERS) peers.delete(peers.values().next().value as string);
    }
    sock.enqueue({ data: copy, srcIp: ip, srcPort: port, rec, charge });
    this.#wake.push(sock);
    rec.deliveredTo = [host.name];
    this.#settle(rec, 'delivered', true);
    return true;
  }

  /**
   * The uplink refused to send on the latest datagram this socket relayed to ip:port: its record
   * becomes relay-denied, with the rule. False when there is no such record (forgotten, or already marked).
   */
  relayDenied(sock: UdpSocket, ip: string, port: number, rule: RelayRule): boolean {
    const rec = sock.uplinkSent?.get(`${ip}:${port}`);
    if (rec === undefined || rec.fate !== 'relayed') return false;
    rec.relayRule = rule;
    this.#settle(rec, 'relay-denied', false);
    return true;
  }

  /** A datagram for this socket that the uplink refused on arrival: recorded (relay-refused), never queued. */
  relayRefused(
    host: StackHost,
    sock: UdpSocket,
    ip: string,
    port: number,
    size: number,
    rule: RelayRule,
  ): void {
    if (sock.closed || parseIpv4(ip) < 0 || !Number.isInteger(port) || port < 1 || port > 65535) return;
    const now = this.#clock.now();
    this.#settle(
      {
        id: this.#log.nextId(),
        copy: 0,
        t: now,
        tDeliver: now,
        lan: UPLINK_LAN,
        src: [ip, port],
        dst: [sock.localIp === 0 ? (host.ifaces[0]?.ipStr ?? '0.0.0.0') : sock.localIpStr, sock.localPort],
        size: Math.max(0, Math.floor(size)),
        payload: new Uint8Array(0),
        fate: 'in-flight',
        from: ip,
        relayRule: rule,
      },
      'relay-refused',
      true,
    );
  }

  /**
   * Sends a TCP segment (routed by the host's stack): records it, applies the LAN's impairment,
   * and queues each copy for delivery. Copies due now wait in a queue that drainSegments() empties
   * once the socket call or timer that sent them has finished, so a connection never sees the
   * peer's answer in the middle of its own step.
   */
  transmitSegment(from: StackHost, seg: Segment, r: Route, retransmit: boolean): void {
    const data = seg.data;
    const flags: ('FIN' | 'SYN' | 'RST' | 'PSH' | 'ACK')[] = [];
    for (const [bit, name] of FLAG_NAMES) if (seg.flags & bit) flags.push(name);
    const payload =
      data.length <= this.#opts.recordPayloadBytes ? data : data.slice(0, this.#opts.recordPayloadBytes);
    const make = (id: number, copy: number, lan: string): DatagramRecord => ({
      id,
      copy,
      t: this.#clock.now(),
      lan,
      src: [seg.srcIpStr, seg.sport],
      dst: [seg.dstIpStr, seg.dport],
      size: data.length,
      payload,
      fate: 'in-flight',
      from: from.name,
      tcp: { flags, seq: seg.seq, ack: seg.ack, len: data.length, window: seg.wnd, retransmit },
    });
    const kind = r.kind;
    if (kind === 'loopback') {
      const rec = make(this.#log.nextId(), 0, from.loName);
      this.#log.add(rec);
      this.#segments.push({ seg, rec, lan: null, host: from });
      return;
    }
    const lan = r.lan;
    if (lan === null || kind !== 'lan') {
      const rec = make(this.#log.nextId(), 0, kind === 'uplink' ? UPLINK_LAN : (lan?.name ?? from.loName));
      rec.fate = 'unroutable';
      this.#log.add(rec);
      return;
    }
    const id = this.#log.nextId();
    if (lan.clean) {
      const rec = make(id, 0, lan.name);
      this.#log.add(rec);
      this.#segments.push({ seg, rec, lan, host: null });
      return;
    }
    const delays = this.#delays;
    const copies = planCopies(lan.prng, lan.impairment, delays);
    if (copies === 0) {
      const rec = make(id, 0, lan.name);
      rec.fate = 'lost';
      this.#log.add(rec);
      return;
    }
    const now = this.#clock.now();
    for (let c = 0; c < copies; c++) {
      const rec = make(id, c, lan.name);
      this.#log.add(rec);
      const arrival: SegmentArrival = { seg, rec, lan, host: null };
      const delay = delays[c] as number;
      if (delay === 0) this.#segments.push(arrival);
      else
        this.#clock.setTimer(now + delay, () => {
          this.#segments.push(arrival);
          this.drainSegments();
        });
    }
  }

  /** Delivers the queued segments (and those their answers queue), oldest first. Re-entrant calls return at once. */
  drainSegments(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      const q = this.#segments;
      while (this.#segHead < q.length) {
        const a = q[this.#segHead] as SegmentArrival;
        q[this.#segHead] = undefined as unknown as SegmentArrival;
        this.#segHead++;
        this.#arriveSegment(a);
      }
    } finally {
      this.#segments = [];
      this.#segHead = 0;
      this.#draining = false;
    }
  }

  #arriveSegment(a: SegmentArrival): void {
    const rec = a.rec;
    const host = a.host ?? a.lan?.members.get(a.seg.dstIp)?.host;
    if (host === undefined) {
      this.#settle(rec, 'unroutable', false);
      return;
    }
    rec.tDeliver = this.#clock.now();
    const { fate, then } = host.tcp.arrive(a.seg);
    if (fate === 'delivered') rec.deliveredTo = [host.name];
    this.#settle(rec, fate === 'delivered' && rec.copy === 1 ? 'duplicated' : fate, false);
    then?.();
  }

  /** A read shorter than the datagram: its record becomes 'truncated'. */
  truncated(rec: DatagramRecord): void {
    if (rec.fate === 'delivered' || rec.fate === 'duplicated') {
      rec.fate = 'truncated';
      this.#log.update(rec);
    }
  }

  #arriveLan(dg: Datagram, rec: DatagramRecord, isNew: boolean): void {
    const iface = (dg.lan as Lan<StackHost>).members.get(dg.dstIp);
    if (iface === undefined) {
      this.#settle(rec, 'unroutable', isNew);
      return;
    }
    this.#arriveUnicast(iface.host, dg, rec, isNew);
  }

  #arriveUnicast(host: StackHost, dg: Datagram, rec: DatagramRecord, isNew: boolean): void {
    rec.tDeliver = this.#clock.now();
    const sock = host.ports.lookup(dg.dstIp, dg.dport, dg.srcIp, dg.sport);
    if (sock === null) {
      this.#portUnreachable(dg);
      this.#settle(rec, 'refused', isNew);
      return;
    }
    if (this.#enqueue(host, sock, dg, rec)) {
      rec.deliveredTo = [host.name];
      this.#settle(rec, rec.copy === 0 ? 'delivered' : 'duplicated', isNew);
    } else {
      this.#settle(rec, 'dropped', isNew);
    }
  }

  #arriveBroadcast(dg: Datagram, rec: DatagramRecord, isNew: boolean): void {
    rec.tDeliver = this.#clock.now();
    const lan = dg.lan as Lan<StackHost>;
    let deliveredTo: string[] | undefined;
    let dropped = false;
    for (const iface of lan.members.values()) {
      const host = iface.host;
      if (host === dg.from) continue;
      host.ports.forBroadcast(
        dg.dstIp,
        dg.dport,
        dg.srcIp,
        dg.sport,
        host.profile === 'lwip' ? lan.subnet : null,
        (sock) => {
          if (this.#enqueue(host, sock, dg, rec)) {
            deliveredTo ??= [];
            if (!deliveredTo.includes(host.name)) deliveredTo.push(host.name);
          } else {
            dropped = true;
          }
        },
        host.profile === 'windows' ? iface.ip : -1,
      );
    }
    if (deliveredTo !== undefined) {
      rec.deliveredTo = deliveredTo;
      this.#settle(rec, rec.copy === 0 ? 'delivered' : 'duplicated', isNew);
    } else {
      this.#settle(rec, dropped ? 'dropped' : 'unclaimed', isNew);
    }
  }

  /** Linux loops a broadcast back to the sender's own host: recorded as a separate loopback datagram, if a socket there wants it. */
  #loopBroadcastBack(dg: Datagram, dst: [string, number], payload: Uint8Array): void {
    const host = dg.from;
    let any = false;
    host.ports.forBroadcast(dg.dstIp, dg.dport, dg.srcIp, dg.sport, null, () => {
      any = true;
    });
    if (!any) return;
    const rec = this.#record(dg, this.#log.nextId(), 0, host.loName, [dst[0], dst[1]], payload);
    rec.tDeliver = rec.t;
    let delivered = false;
    host.ports.forBroadcast(dg.dstIp, dg.dport, dg.srcIp, dg.sport, null, (sock) => {
      if (this.#enqueue(host, sock, dg, rec)) delivered = true;
    });
    if (delivered) rec.deliveredTo = [host.name];
    this.#settle(rec, delivered ? 'delivered' : 'dropped', true);
  }

  /**
   * Queues the datagram on sock if its buffer allows. Linux: accepted while the bytes already
   * charged do not exceed the buffer (so an empty buffer takes any datagram, and the last one
   * may overshoot), each charged size + rcvBufOverhead. lwIP: at most lwipRecvMbox datagrams.
   */
  #enqueue(host: StackHost, sock: UdpSocket, dg: Datagram, rec: DatagramRecord): boolean {
    if (host.profile !== 'lwip') {
      if (sock.used > sock.rcvBuf) return false;
    } else if (sock.queued >= this.#opts.lwipRecvMbox) {
      return false;
    }
    const charge = host.profile !== 'lwip' ? dg.data.length + this.#opts.rcvBufOverhead : dg.data.length;
    sock.enqueue({ data: dg.data, srcIp: dg.srcIpStr, srcPort: dg.sport, rec, charge });
    this.#wake.push(sock);
    return true;
  }

  /**
   * ICMP port unreachable: only a connected linux socket whose peer is that address takes the error
   * (Linux __udp4_lib_err). A Windows socket takes it connected or not (SIO_UDP_CONNRESET is on by
   * default) as WSAECONNRESET, which only its next receive raises.
   */
  #portUnreachable(dg: Datagram): void {
    const s = dg.sock;
    if (s.closed) return;
    if (dg.from.profile === 'windows') {
      if (s.connected && (s.peerIp !== dg.dstIp || s.peerPort !== dg.dport)) return;
      setPendingError(s, 'ECONNRESET');
      this.#wake.push(s);
      return;
    }
    if (dg.from.profile !== 'linux' || !s.connected) return;
    if (s.peerIp !== dg.dstIp || s.peerPort !== dg.dport) return;
    setPendingError(s, 'ECONNREFUSED');
    this.#wake.push(s);
  }
}
