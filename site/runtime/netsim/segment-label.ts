// How the packet list and the diagram name a TCP segment: flags, relative Seq/Ack (as Wireshark shows them), Len, retransmissions.

import type { DatagramRecord, SegmentInfo } from './records.ts';

/** A TCP segment's numbers relative to its connection's first sequence numbers (Wireshark's default). */
export interface SegmentNumbers {
  /** Flags as Wireshark lists them, e.g. 'SYN, ACK'. */
  flags: string;
  /** Relative sequence number (0 for the SYN). */
  seq: number;
  /** Relative acknowledgement number, or null when the ACK flag is off. */
  ack: number | null;
  len: number;
  window: number;
  retransmit: boolean;
  /** A bare ACK: no payload, no flag but ACK (the switch "hide bare ACKs" hides these). */
  bareAck: boolean;
}

const key = (src: readonly [string, number], dst: readonly [string, number]) =>
  `${src[0]}:${src[1]}>${dst[0]}:${dst[1]}`;

/** A record of a bare ACK: no payload and no flag but ACK (window updates included). */
export function isBareAck(tcp: SegmentInfo): boolean {
  return tcp.len === 0 && tcp.flags.length === 1 && tcp.flags[0] === 'ACK';
}

/**
 * Learns each direction's initial sequence number from its SYN (or, when the SYN was never seen,
 * from the first segment, as Wireshark does) and numbers every segment once, when it is first shown:
 * the numbering of a record never changes afterwards, even when a new connection reuses the ports.
 */
export class SegmentNumbering {
  #base = new Map<string, number>();
  #numbers = new WeakMap<DatagramRecord, SegmentNumbers>();

  /** The numbers of a TCP record (null for a UDP datagram). */
  of(rec: DatagramRecord): SegmentNumbers | null {
    const tcp = rec.tcp;
    if (!tcp) return null;
    const known = this.#numbers.get(rec);
    if (known) return known;
    const fwd = key(rec.src, rec.dst);
    const syn = tcp.flags.includes('SYN');
    // A fresh SYN (not a retransmission) starts a new connection on these ports: a new base.
    if (syn && (!tcp.retransmit || !this.#base.has(fwd))) this.#base.set(fwd, tcp.seq);
    if (!this.#base.has(fwd)) this.#base.set(fwd, tcp.seq);
    const base = this.#base.get(fwd) ?? tcp.seq;
    const back = this.#base.get(key(rec.dst, rec.src));
    const hasAck = tcp.flags.includes('ACK');
    const numbers: SegmentNumbers = {
      flags: tcp.flags.join(', '),
      seq: (tcp.seq - base) >>> 0,
      ack: hasAck ? (back === undefined ? tcp.ack : (tcp.ack - back) >>> 0) : null,
      len: tcp.len,
      window: tcp.window,
      retransmit: tcp.retransmit,
      bareAck: isBareAck(tcp),
    };
    this.#numbers.set(rec, numbers);
    return numbers;
  }

  /** Forgets every connection (a new world). */
  clear(): void {
    this.#base.clear();
    this.#numbers = new WeakMap();
  }
}

/**
 * The packet list's line for a segment, Wireshark's Info column without the ports:
 * "[SYN, ACK] Seq=0 Ack=1 Win=131072 Len=0". The field names stay as every capture tool writes them.
 */
export function segmentInfo(n: SegmentNumbers): string {
  const ack = n.ack === null ? '' : ` Ack=${n.ack}`;
  return `[${n.flags}] Seq=${n.seq}${ack} Win=${n.window} Len=${n.len}`;
}

/** The diagram's shorter label: "SYN, ACK Seq=0 Ack=1", "PSH, ACK Seq=1 Len=5". */
export function segmentShort(n: SegmentNumbers): string {
  const parts = [n.flags];
  if (!n.bareAck) parts.push(`Seq=${n.seq}`);
  if (n.len > 0) parts.push(`Len=${n.len}`);
  else if (n.ack !== null) parts.push(`Ack=${n.ack}`);
  return parts.join(' ');
}

/**
 * The i18n key of a record's fate. A TCP segment's `refused` is answered with an RST (not ICMP
 * port unreachable) and its `dropped` means a listener's full accept queue (not a full buffer).
 */
export function fateKey(rec: Pick<DatagramRecord, 'fate' | 'tcp'>): string {
  const tcpOwn = rec.tcp && (rec.fate === 'refused' || rec.fate === 'dropped');
  return tcpOwn ? `playground.fate.tcp.${rec.fate}` : `playground.fate.${rec.fate}`;
}
