// One TCP endpoint (a TCB): the RFC 9293 state machine, send and receive buffers, retransmission, reassembly and the receive window.

import { ByteQueue } from './byte-queue.ts';
import { POLLERR, POLLHUP, POLLIN, POLLOUT } from './poll-events.ts';
import type { ErrnoName } from './errors.ts';
import type { Profile } from './types.ts';

/** RFC 9293 connection states, spelled as the RFC (and `ss`) do. */
export type TcpState =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'CLOSING'
  | 'LAST-ACK'
  | 'TIME-WAIT';

export const FIN = 1;
export const SYN = 2;
export const RST = 4;
export const PSH = 8;
export const ACK = 16;

/** One TCP segment on the wire. Ports and addresses are the sender's view. */
export interface Segment {
  readonly srcIp: number;
  readonly srcIpStr: string;
  readonly sport: number;
  readonly dstIp: number;
  readonly dstIpStr: string;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly wnd: number;
  readonly data: Uint8Array;
}

/** Limits of one profile, taken from the network's options. */
export interface TcpProfile {
  readonly mss: number;
  readonly sndBuf: number;
  readonly rcvBuf: number;
  readonly rtoInitialMs: number;
  readonly rtoMinMs: number;
  readonly rtoMaxMs: number;
  readonly synRetries: number;
  readonly synAckRetries: number;
  readonly retries: number;
  readonly timeWaitMs: number;
  readonly finTimeoutMs: number;
  readonly maxBacklog: number;
}

/** What a TCB needs from its host's TCP stack. */
export interface TcpEnv {
  readonly profile: Profile;
  readonly limits: TcpProfile;
  now(): number;
  /** A timer whose callback runs, then lets queued segments travel. */
  setTimer(atMs: number, cb: () => void): number;
  clearTimer(id: number): void;
  /** Sends a segment from sock to its peer. */
  emit(sock: TcpSocket, flags: number, seq: number, ack: number, data: Uint8Array, retransmit: boolean): void;
  /** sock reached CLOSED: forget its port unless its fd keeps an explicit bind. */
  closed(sock: TcpSocket): void;
  /** A child of a listener became established (or was dropped): wake the listener. */
  childChanged(child: TcpSocket): void;
}

/** a − b in sequence space (signed 32-bit). */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

const EMPTY = new Uint8Array(0);

/** Where the connection may still send data. */
const CAN_SEND = new Set<TcpState>(['ESTABLISHED', 'CLOSE-WAIT']);
/** States in which data and FIN from the peer are still taken. */
const CAN_RECEIVE = new Set<TcpState>(['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2']);
/** States with a synchronized connection (RFC 9293). */
const SYNCHRONIZED = new Set<TcpState>([
  'ESTABLISHED',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
]);

interface OutOfOrder {
  seq: number;
  data: Uint8Array;
  fin: boolean;
}

export class TcpSocket {
  readonly env: TcpEnv;
  /** The program's fd, or null once it closed the socket (an orphan finishing its close, or a child not yet accepted). */
  fd: number | null;
  state: TcpState = 'CLOSED';
  localIp = 0;
  localIpStr = '0.0.0.0';
  localPort = 0;
  /** Explicitly bound port: kept after the connection ends, until close (Linux SOCK_BINDPORT_LOCK). */
  portLocked = false;
  /** Explicitly bound address (Linux SOCK_BINDADDR_LOCK): kept when a connect fails. */
  addrLocked = false;
  bindSeq = 0;
  peerIp = 0;
  peerIpStr = '';
  peerPort = 0;
  reuseAddr = false;
  exclusiveAddrUse = false;
  broadcast = false;
  /** SO_RCVBUF / SO_SNDBUF as getsockopt reports them (the window uses the profile's buffers). */
  rcvBuf: number;
  sndBuf: number;
  readonly sockType = 1;
  /** An error for the program: raised once by the next call, or read by SO_ERROR. */
  pendingError: ErrnoName | null = null;
  pendingReason: string | null = null;
  /** Once established (Linux SOCK_DONE): a later CLOSED reads as end-of-file, not ENOTCONN. */
  everConnected = false;
  /** The connection (or the attempt) reached CLOSED: Linux's tcp_done shuts both directions. A new connect clears it. */
  ended = false;
  /** The connection met an error (lwIP's errevent, which poll reports as POLLHUP on the board). A new connect clears it. */
  errored = false;

  // Listener.
  backlog = 0;
  /** Half-open and established connections not yet accepted, oldest first. */
  readonly children: TcpSocket[] = [];
  parent: TcpSocket | null = null;

  // Sending.
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** Highest sequence number sent so far: anything below it is a retransmission. */
  sndMax = 0;
  sndWnd = 0;
  sndWl1 = 0;
  sndWl2 = 0;
  /** Data from sndUna on: sent-unacknowledged, then unsent. */
  readonly sndQ = new ByteQueue();
  finQueued = false;
  wrShut = false;

  // Receiving.
  rcvNxt = 0;
  readonly rcvQ = new ByteQueue();
  readonly ooo: OutOfOrder[] = [];
  /** The peer's FIN has been received in order. */
  eof = false;
  rdShut = false;
  lastAdvertised = 0;

  // Timers and round-trip estimate.
  #rtoTimer: number | null = null;
  #persistTimer: number | null = null;
  #stateTimer: number | null = null;
  retries = 0;
  #srtt = -1;
  #rttvar = 0;
  rto: number;
  #rttSeq: number | null = null;
  #rttStart = 0;

  #listeners: Set<() => void> | null = null;

  constructor(env: TcpEnv, fd: number | null) {
    this.env = env;
    this.fd = fd;
    this.rcvBuf = env.limits.rcvBuf;
    this.sndBuf = env.limits.sndBuf;
    this.rto = env.limits.rtoInitialMs;
  }

  get bound(): boolean {
    return this.localPort !== 0;
  }

  /** Bytes the receive buffer can still take: the window advertised. */
  rcvWnd(): number {
    return Math.max(0, this.env.limits.rcvBuf - this.rcvQ.length);
  }

  readable(): boolean {
    if (this.state === 'LISTEN') return this.children.some((c) => c.accepted());
    return (
      this.rcvQ.length > 0 || this.eof || this.rdShut || this.pendingError !== null || this.state === 'CLOSED'
    );
  }

  writable(): boolean {
    if (this.pendingError !== null || this.state === 'CLOSED') return true;
    if (this.wrShut && SYNCHRONIZED.has(this.state)) return true;
    return CAN_SEND.has(this.state) && this.sndQ.length < this.env.limits.sndBuf;
  }

  /** What poll reports before the caller's mask: Linux's tcp_poll, or lwIP's select on the board (types.ts, pollEvents). */
  pollEvents(): number {
    if (this.state === 'LISTEN') return this.readable() ? POLLIN : 0;
    if (this.env.profile === 'lwip')
      return (this.readable() ? POLLIN : 0) | (this.writable() ? POLLOUT : 0) | (this.errored ? POLLHUP : 0);
    const rcvShut = this.eof || this.rdShut || this.ended;
    const sndShut = this.wrShut || this.ended;
    let ev = 0;
    if ((rcvShut && sndShut) || this.state === 'CLOSED') ev |= POLLHUP;
    if (rcvShut) ev |= POLLIN;
    if (this.state !== 'SYN-SENT' && this.state !== 'SYN-RECEIVED') {
      if (this.rcvQ.length > 0) ev |= POLLIN;
      if (this.writable()) ev |= POLLOUT;
    }
    if (this.pendingError !== null) ev |= POLLERR;
    return ev;
  }

  /** A child that accept() may hand out. */
  accepted(): boolean {
    return this.state !== 'SYN-RECEIVED' && this.state !== 'CLOSED';
  }

  onChange(cb: () => void): () => void {
    (this.#listeners ??= new Set()).add(cb);
    return () => {
      this.#listeners?.delete(cb);
    };
  }

  notify(): void {
    const listeners = this.#listeners;
    if (listeners !== null && listeners.size > 0) for (const cb of [...listeners]) cb();
  }

  forgetListeners(): void {
    this.#listeners = null;
  }

  setError(code: ErrnoName, reason: string): void {
    this.pendingError = code;
    this.pendingReason = reason;
    this.errored = true;
  }

  // ---------------------------------------------------------------- opening

  /** Active open: SYN-SENT, the SYN leaves. */
  open(iss: number): void {
    this.iss = iss;
    this.sndUna = iss;
    this.sndNxt = seqAdd(iss, 1);
    this.sndMax = this.sndNxt;
    this.state = 'SYN-SENT';
    this.ended = false;
    this.errored = false;
    this.retries = 0;
    this.env.emit(this, SYN, iss, 0, EMPTY, false);
    this.#startRtt(iss);
    this.#armRto();
  }

  /** Passive open of a child: SYN-RECEIVED, the SYN-ACK leaves. */
  openChild(seg: Segment, iss: number): void {
    this.iss = iss;
    this.sndUna = iss;
    this.sndNxt = seqAdd(iss, 1);
    this.sndMax = this.sndNxt;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.sndWnd = seg.wnd;
    this.sndWl1 = seg.seq;
    this.sndWl2 = 0;
    this.state = 'SYN-RECEIVED';
    this.env.emit(this, SYN | ACK, iss, this.rcvNxt, EMPTY, false);
    this.#startRtt(iss);
    this.#armRto();
  }

  // ---------------------------------------------------------------- the program's calls

  /** Queues data; returns how much was taken (0 = the buffer is full). The caller checked the state. */
  write(data: Uint8Array): number {
    const room = this.env.limits.sndBuf - this.sndQ.length;
    if (room <= 0) return 0;
    const n = Math.min(room, data.length);
    this.sndQ.push(n === data.length ? data : data.subarray(0, n));
    this.output();
    return n;
  }

  /** Takes up to n bytes from the receive buffer; opens the window again if that matters. */
  read(n: number, peek: boolean): Uint8Array {
    if (peek) return this.rcvQ.copy(0, n);
    const out = this.rcvQ.read(n);
    const wnd = this.rcvWnd();
    const mss = this.env.limits.mss;
    const threshold = Math.min(this.env.limits.rcvBuf >> 1, 2 * mss);
    if (CAN_RECEIVE.has(this.state) && wnd - this.lastAdvertised >= threshold) this.#sendAck();
    return out;
  }

  /** SHUT_WR, or close() without unread data: the FIN goes after the queued data. */
  finish(): void {
    if (this.wrShut && this.finQueued) return;
    this.wrShut = true;
    if (this.state === 'ESTABLISHED' || this.state === 'SYN-RECEIVED') this.state = 'FIN-WAIT-1';
    else if (this.state === 'CLOSE-WAIT') this.state = 'LAST-ACK';
    else return;
    this.finQueued = true;
    this.output();
  }

  /** Aborts with RST (close() with unread data, or a listener's unaccepted children). */
  abort(): void {
    if (SYNCHRONIZED.has(this.state) || this.state === 'SYN-RECEIVED')
      this.env.emit(this, RST | ACK, this.sndNxt, this.rcvNxt, EMPTY, false);
    this.toClosed();
  }

  /** The program closed its fd; an orphan in FIN-WAIT-2 waits at most tcpFinTimeoutMs. */
  orphan(): void {
    this.fd = null;
    this.forgetListeners();
    if (this.state === 'FIN-WAIT-2') this.#armFinTimeout();
  }

  // ---------------------------------------------------------------- output

  /** Sends what the window and Nagle's rule allow, then the FIN if due. */
  output(): boolean {
    const st = this.state;
    if (!CAN_SEND.has(st) && st !== 'FIN-WAIT-1' && st !== 'CLOSING' && st !== 'LAST-ACK') return false;
    const { mss } = this.env.limits;
    let sent = false;
    for (;;) {
      const off = seqDiff(this.sndNxt, this.sndUna);
      const unsent = this.sndQ.length - off;
      if (unsent <= 0) break;
      const room = this.sndWnd - off;
      if (room <= 0) break;
      const len = Math.min(mss, unsent, room);
      // Nagle: a small segment waits while earlier data is unacknowledged.
      if (len < mss && off > 0) break;
      const last = len === unsent;
      const seq = this.sndNxt;
      const retransmit = seqDiff(seq, this.sndMax) < 0;
      this.env.emit(this, ACK | (last ? PSH : 0), seq, this.rcvNxt, this.sndQ.copy(off, len), retransmit);
      if (!retransmit && this.#rttSeq === null) this.#startRtt(seq);
      this.sndNxt = seqAdd(seq, len);
      if (seqDiff(this.sndNxt, this.sndMax) > 0) this.sndMax = this.sndNxt;
      sent = true;
    }
    const off = seqDiff(this.sndNxt, this.sndUna);
    if (this.finQueued && off === this.sndQ.length) {
      const seq = this.sndNxt;
      const retransmit = seqDiff(seq, this.sndMax) < 0;
      this.env.emit(this, FIN | ACK, seq, this.rcvNxt, EMPTY, retransmit);
      this.sndNxt = seqAdd(seq, 1);
      if (seqDiff(this.sndNxt, this.sndMax) > 0) this.sndMax = this.sndNxt;
      sent = true;
    }
    if (this.sndNxt !== this.sndUna) this.#armRto();
    else if (this.sndQ.length > 0 && this.sndWnd === 0) this.#armPersist();
    return sent;
  }

  #sendAck(): void {
    this.env.emit(this, ACK, this.sndNxt, this.rcvNxt, EMPTY, false);
  }

  // ---------------------------------------------------------------- timers

  #startRtt(seq: number): void {
    this.#rttSeq = seq;
    this.#rttStart = this.env.now();
  }

  #currentRto(): number {
    const { rtoMaxMs } = this.env.limits;
    return Math.min(rtoMaxMs, this.rto * 2 ** this.retries);
  }

  #armRto(): void {
    if (this.#rtoTimer !== null) return;
    this.#cancelPersist();
    this.#rtoTimer = this.env.setTimer(this.env.now() + this.#currentRto(), () => {
      this.#rtoTimer = null;
      this.#onRto();
      this.notify();
    });
  }

  #restartRto(): void {
    this.#cancelRto();
    if (this.sndNxt !== this.sndUna) this.#armRto();
  }

  #cancelRto(): void {
    if (this.#rtoTimer !== null) this.env.clearTimer(this.#rtoTimer);
    this.#rtoTimer = null;
  }

  #armPersist(): void {
    if (this.#persistTimer !== null || this.#rtoTimer !== null) return;
    this.#persistTimer = this.env.setTimer(this.env.now() + this.#currentRto(), () => {
      this.#persistTimer = null;
      if (this.sndWnd !== 0 || this.sndQ.length === 0 || !CAN_SEND.has(this.state)) {
        this.output();
        return;
      }
      // Zero-window probe: an old sequence number, which the receiver answers with an ACK and its window.
      this.env.emit(this, ACK, seqAdd(this.sndUna, -1), this.rcvNxt, EMPTY, true);
      if (this.retries < 30) this.retries++;
      this.#armPersist();
      this.notify();
    });
  }

  #cancelPersist(): void {
    if (this.#persistTimer !== null) this.env.clearTimer(this.#persistTimer);
    this.#persistTimer = null;
  }

  #onRto(): void {
    const limits = this.env.limits;
    const st = this.state;
    const limit =
      st === 'SYN-SENT' ? limits.synRetries : st === 'SYN-RECEIVED' ? limits.synAckRetries : limits.retries;
    this.retries++;
    this.#rttSeq = null; // Karn: no sample from a retransmitted segment
    if (this.retries > limit) {
      this.#timedOut();
      return;
    }
    if (st === 'SYN-SENT') {
      this.env.emit(this, SYN, this.iss, 0, EMPTY, true);
    } else if (st === 'SYN-RECEIVED') {
      this.env.emit(this, SYN | ACK, this.iss, this.rcvNxt, EMPTY, true);
    } else {
      // Go back to the oldest unacknowledged byte and send again from there.
      this.sndNxt = this.sndUna;
      this.output();
    }
    this.#armRto();
  }

  #timedOut(): void {
    const lwip = this.env.profile === 'lwip';
    const code: ErrnoName = lwip ? 'ECONNABORTED' : 'ETIMEDOUT';
    const connecting = this.state === 'SYN-SENT';
    const child = this.parent !== null && this.fd === null;
    if (!child)
      this.setError(
        code,
        connecting
          ? `nobody answered the SYNs to ${this.peerIpStr}:${this.peerPort} (${this.retries - 1} retransmissions); is the host there and reachable?`
          : `${this.peerIpStr}:${this.peerPort} stopped acknowledging data (${this.retries - 1} retransmissions)`,
      );
    this.toClosed();
  }

  #armFinTimeout(): void {
    this.#clearStateTimer();
    this.#stateTimer = this.env.setTimer(this.env.now() + this.env.limits.finTimeoutMs, () => {
      this.#stateTimer = null;
      this.toClosed();
      this.notify();
    });
  }

  #enterTimeWait(): void {
    this.state = 'TIME-WAIT';
    this.#cancelRto();
    this.#cancelPersist();
    this.#clearStateTimer();
    this.#stateTimer = this.env.setTimer(this.env.now() + this.env.limits.timeWaitMs, () => {
      this.#stateTimer = null;
      this.toClosed();
      this.notify();
    });
  }

  #clearStateTimer(): void {
    if (this.#stateTimer !== null) this.env.clearTimer(this.#stateTimer);
    this.#stateTimer = null;
  }

  /** CLOSED: timers stop, buffers to send are dropped; data already received stays readable. */
  toClosed(): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    this.ended = true;
    this.#cancelRto();
    this.#cancelPersist();
    this.#clearStateTimer();
    this.sndQ.clear();
    this.ooo.length = 0;
    this.finQueued = false;
    this.env.closed(this);
    if (this.parent !== null) this.env.childChanged(this);
  }

  #rttSample(ack: number): void {
    if (this.#rttSeq === null || seqDiff(ack, this.#rttSeq) <= 0) return;
    const r = this.env.now() - this.#rttStart;
    this.#rttSeq = null;
    if (this.#srtt < 0) {
      this.#srtt = r;
      this.#rttvar = r / 2;
    } else {
      this.#rttvar = 0.75 * this.#rttvar + 0.25 * Math.abs(this.#srtt - r);
      this.#srtt = 0.875 * this.#srtt + 0.125 * r;
    }
    const { rtoMinMs, rtoMaxMs } = this.env.limits;
    this.rto = Math.min(rtoMaxMs, Math.max(rtoMinMs, this.#srtt + Math.max(4 * this.#rttvar, rtoMinMs)));
  }

  // ---------------------------------------------------------------- input

  /** Processes a segment addressed to this connection (RFC 9293 §3.10.7). */
  input(seg: Segment): void {
    if (this.state === 'SYN-SENT') {
      this.#inputSynSent(seg);
      return;
    }
    if (
      this.state === 'SYN-RECEIVED' &&
      (seg.flags & (SYN | ACK | RST)) === SYN &&
      seqDiff(seg.seq, this.rcvNxt) === -1
    ) {
      // The peer sent its SYN again: our SYN-ACK was lost, so send it again now.
      this.env.emit(this, SYN | ACK, this.iss, this.rcvNxt, EMPTY, true);
      return;
    }
    const dataLen = seg.data.length;
    const segLen = dataLen + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
    const wnd = this.rcvWnd();
    // 1. Is the segment in the window?
    const start = seqDiff(seg.seq, this.rcvNxt);
    let ok: boolean;
    if (segLen === 0) ok = wnd === 0 ? start === 0 : start >= 0 && start < wnd;
    else
      ok = wnd > 0 && ((start >= 0 && start < wnd) || (start + segLen - 1 >= 0 && start + segLen - 1 < wnd));
    // A retransmitted FIN (or data) below the window still deserves an ACK; so does a probe.
    if (!ok && !(wnd === 0 && start === 0 && segLen > 0 && dataLen === 0)) {
      if (!(seg.flags & RST)) this.#sendAck();
      if (this.state === 'TIME-WAIT' && seg.flags & FIN) this.#enterTimeWait();
      return;
    }
    // 2. RST.
    if (seg.flags & RST) {
      this.#inputRst();
      return;
    }
    // 3. A SYN in a synchronized state: challenge ACK (RFC 5961), nothing else.
    if (seg.flags & SYN) {
      this.#sendAck();
      return;
    }
    // 4. ACK.
    if (!(seg.flags & ACK)) return;
    if (this.state === 'SYN-RECEIVED') {
      if (seqDiff(seg.ack, this.sndUna) > 0 && seqDiff(seg.ack, this.sndNxt) <= 0) {
        this.state = 'ESTABLISHED';
        this.everConnected = true;
        this.sndWnd = seg.wnd;
        this.sndWl1 = seg.seq;
        this.sndWl2 = seg.ack;
        this.env.childChanged(this);
      } else {
        this.env.emit(this, RST, seg.ack, 0, EMPTY, false);
        return;
      }
    }
    if (!this.#inputAck(seg)) return;
    if (this.state === 'CLOSED' || this.state === 'TIME-WAIT') {
      if (this.state === 'TIME-WAIT' && seg.flags & FIN) {
        this.#sendAck();
        this.#enterTimeWait();
      }
      return;
    }
    // 5. Data and FIN.
    if (dataLen > 0 || seg.flags & FIN) {
      if (!CAN_RECEIVE.has(this.state)) {
        this.#sendAck();
        return;
      }
      if (this.fd === null && this.parent === null && dataLen > 0) {
        // Data for a socket the program has closed: Linux answers with RST.
        this.abort();
        return;
      }
      this.#inputData(seg, start);
    }
    this.output();
  }

  #inputSynSent(seg: Segment): void {
    const ackOk =
      (seg.flags & ACK) !== 0 && seqDiff(seg.ack, this.iss) > 0 && seqDiff(seg.ack, this.sndNxt) <= 0;
    if (seg.flags & ACK && !ackOk) {
      if (!(seg.flags & RST)) this.env.emit(this, RST, seg.ack, 0, EMPTY, false);
      return;
    }
    if (seg.flags & RST) {
      if (!ackOk) return;
      const lwip = this.env.profile === 'lwip';
      this.setError(
        lwip ? 'ECONNRESET' : 'ECONNREFUSED',
        `${this.peerIpStr} answered the SYN with RST: nothing listens on port ${this.peerPort} there; start the server first`,
      );
      this.toClosed();
      return;
    }
    if (!(seg.flags & SYN)) return;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.sndWnd = seg.wnd;
    this.sndWl1 = seg.seq;
    this.sndWl2 = seg.ack;
    if (ackOk) {
      this.#rttSample(seg.ack);
      this.sndUna = seg.ack;
      this.retries = 0;
      this.#cancelRto();
      this.state = 'ESTABLISHED';
      this.everConnected = true;
      this.#sendAck();
      this.output();
    } else {
      // Simultaneous open: both sides sent a SYN.
      this.state = 'SYN-RECEIVED';
      this.env.emit(this, SYN | ACK, this.iss, this.rcvNxt, EMPTY, false);
    }
  }

  #inputRst(): void {
    const st = this.state;
    if (st === 'SYN-RECEIVED' && this.parent !== null && this.fd === null) {
      this.toClosed();
      return;
    }
    if (st === 'CLOSING' || st === 'LAST-ACK' || st === 'TIME-WAIT') {
      this.toClosed();
      return;
    }
    if (this.fd !== null || this.parent !== null) {
      const lwip = this.env.profile === 'lwip';
      // Linux reports EPIPE when the reset meets a connection the peer had already half-closed.
      const code: ErrnoName = !lwip && st === 'CLOSE-WAIT' ? 'EPIPE' : 'ECONNRESET';
      this.setError(
        code,
        `${this.peerIpStr}:${this.peerPort} reset the connection (RST): it closed its socket with data unread, or the connection no longer exists there`,
      );
    }
    this.toClosed();
  }

  /** Returns false when the segment must be dropped. */
  #inputAck(seg: Segment): boolean {
    const acked = seqDiff(seg.ack, this.sndUna);
    if (seqDiff(seg.ack, this.sndMax) > 0) {
      this.#sendAck();
      return false;
    }
    if (acked > 0) {
      this.#rttSample(seg.ack);
      const dataAcked = Math.min(acked, this.sndQ.length);
      this.sndQ.drop(dataAcked);
      const finAcked = acked > dataAcked && this.finQueued;
      this.sndUna = seg.ack;
      if (seqDiff(this.sndNxt, this.sndUna) < 0) this.sndNxt = this.sndUna;
      this.retries = 0;
      this.#restartRto();
      if (finAcked) {
        if (this.state === 'FIN-WAIT-1') {
          this.state = 'FIN-WAIT-2';
          if (this.fd === null) this.#armFinTimeout();
        } else if (this.state === 'CLOSING') {
          this.#enterTimeWait();
        } else if (this.state === 'LAST-ACK') {
          this.toClosed();
          return true;
        }
      }
    }
    if (
      seqDiff(this.sndWl1, seg.seq) < 0 ||
      (this.sndWl1 === seg.seq && seqDiff(this.sndWl2, seg.ack) <= 0)
    ) {
      this.sndWnd = seg.wnd;
      this.sndWl1 = seg.seq;
      this.sndWl2 = seg.ack;
      if (seg.wnd > 0 && this.#persistTimer !== null) {
        this.#cancelPersist();
        if (this.sndNxt === this.sndUna) this.retries = 0;
      }
    }
    return true;
  }

  #inputData(seg: Segment, start: number): void {
    const wnd = this.rcvWnd();
    let data = seg.data;
    let seq = seg.seq;
    let fin = (seg.flags & FIN) !== 0;
    if (start < 0) {
      data = data.subarray(Math.min(-start, data.length));
      seq = this.rcvNxt;
    }
    const offset = Math.max(start, 0);
    if (offset + data.length > wnd) {
      data = data.subarray(0, Math.max(0, wnd - offset));
      fin = false; // the FIN lies beyond the window; it comes again
    }
    if (offset === 0) {
      this.#accept(data, fin);
      this.#drainOutOfOrder();
    } else if (!this.ooo.some((o) => o.seq === seq && o.data.length >= data.length && o.fin === fin)) {
      this.ooo.push({ seq, data: data.slice(), fin });
    }
    this.#sendAck();
  }

  #accept(data: Uint8Array, fin: boolean): void {
    if (data.length > 0) {
      this.rcvQ.push(data); // Linux keeps data that arrives after SHUT_RD: recv returns it
      this.rcvNxt = seqAdd(this.rcvNxt, data.length);
    }
    if (fin && !this.eof) {
      this.rcvNxt = seqAdd(this.rcvNxt, 1);
      this.eof = true;
      this.ooo.length = 0;
      if (this.state === 'ESTABLISHED') this.state = 'CLOSE-WAIT';
      else if (this.state === 'FIN-WAIT-1') this.state = 'CLOSING';
      else if (this.state === 'FIN-WAIT-2') this.#enterTimeWait();
    }
  }

  /** Moves held segments that now start at or before rcvNxt into the stream. */
  #drainOutOfOrder(): void {
    let progress = true;
    while (progress && !this.eof) {
      progress = false;
      for (let i = 0; i < this.ooo.length; i++) {
        const o = this.ooo[i] as OutOfOrder;
        const start = seqDiff(o.seq, this.rcvNxt);
        if (start > 0) continue;
        this.ooo.splice(i, 1);
        const skip = -start;
        if (skip < o.data.length || (o.fin && skip === o.data.length)) {
          this.#accept(o.data.subarray(Math.min(skip, o.data.length)), o.fin);
        }
        progress = true;
        break;
      }
    }
  }
}
