// The datagram log for the UI: one record per datagram copy, its fate updated as it resolves, bounded history.

/**
 * What became of a datagram copy.
 * - in-flight: sent, delayed by an impairment, not arrived yet
 * - delivered: queued on a receiving socket (copy 0)
 * - duplicated: the extra copy (copy 1) made by the duplicate impairment, queued on a socket
 * - lost: dropped by the loss impairment
 * - dropped: the receiving socket's buffer was full
 * - truncated: delivered, then read with a smaller recvfrom buffer; the rest was discarded
 * - refused: reached the host, no socket on that port; ICMP port unreachable sent back
 * - unroutable: no host owns the address (ARP fails) or it is off the LAN (gone to the gateway)
 * - unclaimed: a broadcast that no socket on any host wanted (no ICMP is sent for broadcasts)
 * - relayed: left the virtual network through the host's uplink (the classroom relay)
 * - relay-denied: handed to the uplink, which refused to send it on (`relayRule` says why)
 * - relay-refused: came to the uplink for this socket and was refused there (`relayRule` says why);
 *   it never reached the socket
 */
export type Fate =
  | 'in-flight'
  | 'delivered'
  | 'lost'
  | 'duplicated'
  | 'dropped'
  | 'truncated'
  | 'refused'
  | 'unroutable'
  | 'unclaimed'
  | 'relayed'
  | 'relay-denied'
  | 'relay-refused';

/** The classroom relay's rule behind a relay-denied or relay-refused datagram. */
export interface RelayRule {
  /** The rule, e.g. 'loopback', 'outside-subnet', 'source', 'not-a-reply'. */
  reason: string;
  /** The relay's flag that would allow it (e.g. '--allow-loopback'), null when none does. */
  allow: string | null;
}

/** What a record of a TCP segment adds: the header fields the packet list and diagram show. */
export interface SegmentInfo {
  /** Flags in header order, e.g. ['SYN', 'ACK']; PSH marks the last segment of a send. */
  flags: ('FIN' | 'SYN' | 'RST' | 'PSH' | 'ACK')[];
  /** Sequence number (absolute, 32-bit; subtract the SYN's seq for Wireshark's relative numbers). */
  seq: number;
  /** Acknowledgement number (0 when the ACK flag is off). */
  ack: number;
  /** Payload bytes (= record.size). */
  len: number;
  /** Receive window the sender advertised, bytes. */
  window: number;
  /** True when these sequence numbers were sent before (a retransmission, or a zero-window probe). */
  retransmit: boolean;
}

/** One datagram copy. The same object is updated in place as its fate changes: treat it as read-only. */
export interface DatagramRecord {
  /** Datagram id, from 1; a duplicate shares the id of its original. */
  id: number;
  /** 0 for the original, 1 for the copy made by the duplicate impairment. */
  copy: number;
  /** Send time, ms (clock.now()). */
  t: number;
  /** Arrival time at the destination host, ms (set for delivered, duplicated, dropped, refused, truncated, unclaimed). */
  tDeliver?: number;
  /** LAN name, or 'lo:<host>' for traffic that stays inside one host. */
  lan: string;
  src: [string, number];
  dst: [string, number];
  /** Full payload length in bytes. */
  size: number;
  /** The first recordPayloadBytes (default 256) bytes of the payload. */
  payload: Uint8Array;
  fate: Fate;
  /** Name of the sending host. */
  from: string;
  /** Names of the hosts whose sockets queued it (unicast: at most one; broadcast: each). */
  deliveredTo?: string[];
  /** relay-denied, relay-refused: the relay's rule. */
  relayRule?: RelayRule;
  /**
   * Set for a TCP segment (absent for UDP). Its fates: `delivered`/`duplicated` (a TCP socket
   * took it, whatever it then did with it), `refused` (no socket on that port: answered with
   * RST), `dropped` (a listener's backlog was full), `lost`, `in-flight`, `unroutable`.
   */
  tcp?: SegmentInfo;
}

/** Listener of onDatagram: 'create' once per record, then 'update' on each change of fate. */
export type DatagramListener = (rec: DatagramRecord, change: 'create' | 'update') => void;

/** Ring buffer of the most recent records, with listeners. */
export class RecordLog {
  #ring: (DatagramRecord | undefined)[];
  #start = 0;
  #count = 0;
  #listeners = new Set<DatagramListener>();
  #nextId = 1;

  /** @param max Records kept; the oldest are dropped beyond it. */
  constructor(max: number) {
    this.#ring = new Array<DatagramRecord | undefined>(max);
  }

  /** A fresh datagram id. */
  nextId(): number {
    return this.#nextId++;
  }

  add(rec: DatagramRecord): void {
    const cap = this.#ring.length;
    if (cap > 0) {
      if (this.#count < cap) {
        this.#ring[(this.#start + this.#count) % cap] = rec;
        this.#count++;
      } else {
        this.#ring[this.#start] = rec;
        this.#start = (this.#start + 1) % cap;
      }
    }
    if (this.#listeners.size > 0) for (const cb of this.#listeners) cb(rec, 'create');
  }

  /** Announces a change already made to rec. */
  update(rec: DatagramRecord): void {
    if (this.#listeners.size > 0) for (const cb of this.#listeners) cb(rec, 'update');
  }

  listen(cb: DatagramListener): () => void {
    this.#listeners.add(cb);
    return () => {
      this.#listeners.delete(cb);
    };
  }

  /** Records oldest first. */
  toArray(): DatagramRecord[] {
    const out: DatagramRecord[] = [];
    const cap = this.#ring.length;
    for (let i = 0; i < this.#count; i++) out.push(this.#ring[(this.#start + i) % cap] as DatagramRecord);
    return out;
  }
}
