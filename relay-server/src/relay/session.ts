// One learner's browser connection: auth, its sockets, quotas, and the end of all of them together.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import {
  decodeClientMessage,
  encodeControl,
  encodeDatagram,
  PROTOCOL_VERSION,
  errorMessage,
  closeReason,
  RELAY_ERRORS,
  ERRNO,
  allowedBy,
} from '../protocol/index.ts';
import { TokenBucket, WindowCounter } from './quotas.ts';
import { RelaySocket } from './udp-bridge.ts';
import { handleDatagram } from './session-datagrams.ts';
import type { ClassResults } from './class-results.ts';
import type { RelayConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { Policy } from './policy.ts';
import type { PortMapper } from './port-mapper.ts';
import type { ErrorFields, Observed, ResumeRequest, ServerMessage } from '../protocol/index.ts';
import type { TrafficEntry, TrafficLog } from './traffic-log.ts';

/** What a session needs from the relay around it. */
export interface RelayContext {
  config: RelayConfig;
  policy: Policy;
  mapper: PortMapper<RelaySocket | null>;
  logger: Logger;
  /** Relay-wide packets/s. */
  relayBucket: TokenBucket;
  /** Relay-wide payload bytes/s. */
  relayBytes: TokenBucket;
  /** Real ports held by the whole class (the class token). */
  classUsage: { ports: number };
  now: () => number;
  publicAddress: string;
  checkToken: (token: string) => boolean;
  authedSessions: () => number;
  /** Back-off left for an address after wrong tokens. */
  authWaitMs: (address: string) => number;
  authFailed: (address: string) => void;
  authSucceeded: (address: string) => void;
  onPortReleased: (address: string) => void;
  onClosed: (session: Session) => void;
  /** Whether `resume` names a session this one may continue (live or within its grace); changes nothing. */
  canResume: (session: Session, resume: ResumeRequest) => boolean;
  /**
   * Gives `session` the id of the tab's earlier session when the key, the client address and the grace
   * period allow it (the earlier one, if still open, is closed); false: a new session.
   */
  resume: (session: Session, resume: ResumeRequest) => boolean;
  /** The class report. */
  results: ClassResults;
  /** The dashboard's traffic view. */
  traffic: TrafficLog;
  /** What the teacher's dashboard shows of this class's datagrams. */
  observed: () => Observed;
}

/** What one client address holds, shared by all its sessions. */
export interface AddressUsage {
  /** TCP connections open (HTTP and WebSocket), until closed. */
  connections: number;
  /** WebSockets open, until their connection is closed. */
  sessions: number;
  /** Real ports held (and being bound). */
  ports: number;
  /** Datagrams/s of all its sessions together. */
  packets: TokenBucket;
  /** Payload bytes/s of all its sessions together. */
  bytes: TokenBucket;
  /** Check results (the class report) of all its sessions together. */
  checkResults: TokenBucket;
  /** Display-name changes of all its sessions together. */
  nameChanges: TokenBucket;
}

export type Drops = { backpressure: number; rate: number; inboundDenied: number };

export class Session {
  id = `s-${randomBytes(4).toString('hex')}`;
  /** The secret that lets this tab resume the session after its page is left (in `welcome`). */
  resumeKey = randomBytes(16).toString('hex');
  /** Whether this session resumed an earlier one of the same tab. */
  resumed = false;
  /** Whether the relay ended it (kicked, violations …): such a session cannot be resumed. */
  endedByRelay = false;
  authed = false;
  closed = false;
  openedAt = Date.now();
  sockets: Map<number, RelaySocket> = new Map();
  /** Socket ids being bound, with datagrams waiting for the bind. */
  binding: Map<number, Uint8Array[]> = new Map();
  /** Distinct destinations, "address:port". */
  destinations: Set<string> = new Set();
  drops: Drops = { backpressure: 0, rate: 0, inboundDenied: 0 };
  denials = 0;
  errors = 0;
  /** The learner's display name for the class report, once sent. */
  displayName: string | null = null;
  alive = true;
  lastActivity;
  /** Per-second rates, updated every tick, for the dashboard. */
  rates = { packetsOut: 0, packetsIn: 0, bytesOut: 0, bytesIn: 0 };
  #closedTotals = { packetsOut: 0, packetsIn: 0, bytesOut: 0, bytesIn: 0 };
  #lastTotals = { packetsOut: 0, packetsIn: 0, bytesOut: 0, bytesIn: 0, at: 0 };
  #reportedDrops = 0;
  /** code -> time of the last rate-limited reply */
  #lastReply: Map<string, number> = new Map();
  #authTimer;
  trafficBucket: TokenBucket;
  refusalsBucket: TokenBucket;
  violations: WindowCounter;
  bytes: TokenBucket;
  packets: TokenBucket;
  usage: AddressUsage;
  origin: string | undefined;
  clientAddress: string;
  ctx: RelayContext;
  ws: WebSocket;

  /** @param ws An open WebSocket; this session owns it from now on. */
  constructor(
    ws: WebSocket,
    ctx: RelayContext,
    info: { clientAddress: string; origin: string | undefined; usage: AddressUsage },
  ) {
    this.ws = ws;
    this.ctx = ctx;
    this.clientAddress = info.clientAddress;
    this.origin = info.origin;
    this.usage = info.usage;
    const c = ctx.config;
    this.lastActivity = ctx.now();
    this.#lastTotals.at = this.lastActivity;
    this.packets = new TokenBucket(c.packetsPerSecond, c.packetsBurst, ctx.now);
    this.bytes = new TokenBucket(c.bytesPerSecond, c.bytesBurst, ctx.now);
    this.violations = new WindowCounter(c.violationLimit, c.violationWindowMs, ctx.now);
    /** Inbound refusals told to the page (`refused`); beyond it they are only counted. */
    this.refusalsBucket = new TokenBucket(c.inboundRefusalsPerSecond, c.inboundRefusalsBurst, ctx.now);
    /** Datagrams of this session listed in the dashboard's traffic view (beyond it: counted only). */
    this.trafficBucket = new TokenBucket(c.trafficRecordsPerSecond, c.trafficRecordsBurst, ctx.now);
    this.#authTimer = setTimeout(() => this.end('RELAY_ERR_AUTH_TIMEOUT'), c.authTimeoutMs);
    ws.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', () => this.dispose());
    ws.on('error', (err) => ctx.logger.warn('session.ws-error', { session: this.id, message: err.message }));
  }

  #onMessage(data: Buffer, isBinary: boolean) {
    if (this.closed) return;
    this.lastActivity = this.ctx.now();
    if (!this.authed) return this.#authenticate(data, isBinary);
    if (isBinary) return handleDatagram(this, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const decoded = decodeClientMessage(data.toString('utf8'));
    if (!decoded.ok) {
      // A refused name or exercise id is the page's mistake (or an older course), not an attack.
      const violation = decoded.code !== 'RELAY_ERR_NAME' && decoded.code !== 'RELAY_ERR_EXERCISE';
      return this.fail(decoded.code, {
        id: decoded.id,
        socket: decoded.socket,
        detail: decoded.detail,
        violation,
      });
    }
    const m = decoded.message;
    if (m.type === 'bind') void this.bind(m.socket, m.port, m.implicit === true, m.id);
    else if (m.type === 'close') this.#closeRequest(m.id, m.socket);
    else if (m.type === 'name') this.#name(m.id, m.name);
    else if (m.type === 'check-result') this.#checkResult(m.id, m.exercise, m.passed, m.at);
    else this.fail('RELAY_ERR_BAD_FRAME', { detail: 'already authenticated' });
  }

  #authenticate(data: Buffer, isBinary: boolean) {
    const decoded = isBinary ? null : decodeClientMessage(data.toString('utf8'));
    if (!decoded?.ok || decoded.message.type !== 'auth') return this.end('RELAY_ERR_NOT_AUTHENTICATED');
    // An address that guessed wrong too often waits: its tokens are not even compared meanwhile.
    if (this.ctx.authWaitMs(this.clientAddress) > 0) return this.end('RELAY_ERR_AUTH_BACKOFF');
    if (!this.ctx.checkToken(decoded.message.token)) {
      this.ctx.authFailed(this.clientAddress);
      return this.end('RELAY_ERR_AUTH');
    }
    this.ctx.authSucceeded(this.clientAddress);
    const resume = decoded.message.resume;
    // A held session resumed is not a new one: it was counted when it began (and a live one it
    // takes over is closed), so the class's cap does not refuse it.
    const resuming = resume ? this.ctx.canResume(this, resume) : false;
    if (!resuming && this.ctx.authedSessions() >= this.ctx.config.maxSessionsPerToken)
      return this.end('RELAY_ERR_TOO_MANY_SESSIONS');
    clearTimeout(this.#authTimer);
    // Before `authed`: a session taken over is closed while this one is not yet counted.
    if (resume && resuming) this.resumed = this.ctx.resume(this, resume);
    this.authed = true;
    const c = this.ctx.config;
    this.send({
      type: 'welcome',
      v: PROTOCOL_VERSION,
      session: this.id,
      address: this.ctx.publicAddress,
      maxDatagram: c.maxDatagram,
      limits: {
        maxSocketsPerSession: c.maxSocketsPerSession,
        packetsPerSecond: c.packetsPerSecond,
        bytesPerSecond: c.bytesPerSecond,
        maxDestinations: c.maxDestinations,
        addressPacketsPerSecond: c.addressPacketsPerSecond,
        addressBytesPerSecond: c.addressBytesPerSecond,
        maxPortsPerAddress: c.maxPortsPerAddress,
        socketIdleMs: c.socketIdleMs,
        sessionIdleMs: c.sessionIdleMs,
      },
      observed: this.ctx.observed(),
      resume: this.resumeKey,
      resumed: this.resumed,
    });
    this.ctx.logger.info(this.resumed ? 'session.resumed' : 'session.auth', {
      session: this.id,
      client: this.clientAddress,
      origin: this.origin,
    });
  }

  /**
   * Binds socket `id` to a real port. Replies `bound` (or an error) when `requestId` is a number;
   * an implicit bind from a datagram replies `bound` with id null.
   */
  async bind(
    socketId: number,
    port: number,
    implicit: boolean,
    requestId: number | null,
  ): Promise<RelaySocket | null> {
    const c = this.ctx.config;
    if (this.sockets.has(socketId) || this.binding.has(socketId)) {
      this.fail('RELAY_ERR_SOCKET_IN_USE', { id: requestId, socket: socketId });
      return null;
    }
    if (this.sockets.size + this.binding.size >= c.maxSocketsPerSession) {
      this.fail('RELAY_ERR_TOO_MANY_SOCKETS', {
        id: requestId,
        socket: socketId,
        detail: `limit ${c.maxSocketsPerSession}`,
      });
      return null;
    }
    // Ports are counted per client address and for the whole class, so that one learner's tabs
    // cannot take the port range (or the relay's descriptors) from the others.
    const perAddress = this.usage.ports >= c.maxPortsPerAddress;
    if (perAddress || this.ctx.classUsage.ports >= c.maxPortsPerToken) {
      this.fail('RELAY_ERR_TOO_MANY_PORTS', {
        id: requestId,
        socket: socketId,
        detail: perAddress
          ? `limit ${c.maxPortsPerAddress} for all tabs of this computer`
          : `limit ${c.maxPortsPerToken} for the whole class`,
      });
      return null;
    }
    this.usage.ports++;
    this.ctx.classUsage.ports++;
    this.binding.set(socketId, []);
    const mapper = this.ctx.mapper;
    const got = await mapper.bind(port, null).catch((err: NodeJS.ErrnoException | undefined) => {
      this.ctx.logger.once(`bind-failed:${err?.code ?? err?.message}`, 'error', 'socket.bind-failed', {
        session: this.id,
        message: String(err?.message ?? err),
      });
      return null;
    });
    const waiting = this.binding.get(socketId) ?? [];
    this.binding.delete(socketId);
    if (!got) {
      this.#releasePort();
      this.fail('RELAY_ERR_ADDR_IN_USE', { id: requestId, socket: socketId });
      return null;
    }
    if (this.closed) {
      got.socket.close();
      mapper.release(got.port);
      this.#releasePort();
      return null;
    }
    const sock = new RelaySocket({
      id: socketId,
      port,
      relayPort: got.port,
      implicit,
      udp: got.socket,
      owner: this,
      now: this.ctx.now,
      sourceAllowed: (address) => this.ctx.policy.sourceAllowed(address),
      // The port stays held while the real socket flushes its last sends (CLOSE_FLUSH_MS): handed to
      // another session meanwhile, its bind would fail or the flushing socket would still hold it.
      onUdpClosed: () => {
        if (mapper.held.get(got.port) === sock) mapper.release(got.port);
      },
    });
    if (c.allowBroadcast) sock.setBroadcast(true);
    mapper.held.set(got.port, sock);
    this.sockets.set(socketId, sock);
    this.send({
      type: 'bound',
      id: requestId,
      socket: socketId,
      port,
      relayPort: got.port,
      address: this.ctx.publicAddress,
      implicit,
    });
    this.ctx.logger.info('socket.bound', {
      session: this.id,
      socket: socketId,
      port,
      relayPort: got.port,
      implicit,
    });
    for (const frame of waiting) handleDatagram(this, frame);
    return sock;
  }

  /** The learner's display name: their row of the class report. */
  #name(requestId: number, name: string) {
    if (name !== this.displayName) {
      // Name changes are counted per client address (a learner's tabs together), not per session.
      if (!this.usage.nameChanges.take())
        return this.fail('RELAY_ERR_REPORT_RATE', {
          id: requestId,
          detail: `limit ${this.ctx.config.nameChangesPerMinute} name changes a minute from one computer (nameChangesPerMinute)`,
          violation: false,
        });
      // The old name first: a row it leaves empty frees its place for the new one.
      const old = this.displayName;
      const results = this.ctx.results;
      if (old !== null) results.join(old, -1, this.clientAddress);
      const refused = results.join(name, 1, this.clientAddress);
      if (refused) {
        if (old !== null) results.join(old, 1, this.clientAddress);
        return this.fail(refused.code, { id: requestId, detail: refused.detail, violation: false });
      }
      this.displayName = name;
    }
    this.send({ type: 'named', id: requestId, name });
  }

  /** One Check result of the learner's page: the exercise, pass or fail, when. Never their program. */
  #checkResult(requestId: number, exercise: string, passed: boolean, at: number) {
    if (this.displayName === null) return this.fail('RELAY_ERR_NO_NAME', { id: requestId, violation: false });
    // One budget for all the sessions of a client address: per learner, not per tab.
    if (!this.usage.checkResults.take())
      return this.fail('RELAY_ERR_REPORT_RATE', {
        id: requestId,
        detail: `limit ${this.ctx.config.checkResultsPerMinute} a minute from one computer (checkResultsPerMinute)`,
        violation: false,
      });
    const r = this.ctx.results.record(this.displayName, exercise, passed, at);
    if (!r.ok) return this.fail(r.code, { id: requestId, detail: r.detail, violation: false });
    this.send({ type: 'recorded', id: requestId, exercise, passed, attempts: r.cell.attempts });
    this.ctx.logger.debug('report.check-result', { session: this.id, exercise, passed });
  }

  #closeRequest(requestId: number, socketId: number) {
    if (!this.sockets.has(socketId))
      return this.fail('RELAY_ERR_NO_SOCKET', { id: requestId, socket: socketId });
    this.closeSocket(socketId);
    this.send({ type: 'closed', id: requestId, socket: socketId });
  }

  closeSocket(socketId: number) {
    const sock = this.sockets.get(socketId);
    if (!sock) return;
    this.sockets.delete(socketId);
    for (const key of ['packetsOut', 'packetsIn', 'bytesOut', 'bytesIn'] as const)
      this.#closedTotals[key] += sock[key];
    // The mapper's record of the port goes when the real socket is closed (onUdpClosed), not now.
    sock.close();
    this.#releasePort();
  }

  #releasePort() {
    this.usage.ports--;
    this.ctx.classUsage.ports--;
    this.ctx.onPortReleased(this.clientAddress);
  }

  // ---- BridgeOwner: called by this session's RelaySockets ----

  /** The learner's tag in the dashboard's traffic view: the display name, else the session id. */
  get learner() {
    return this.displayName ?? this.id;
  }

  /**
   * One datagram for the dashboard's traffic view (metadata; the first bytes only while the preview is on).
   */
  noteTraffic(entry: Omit<TrafficEntry, 'learner' | 'session'>) {
    this.ctx.traffic.record(this.learner, this.id, entry, this.trafficBucket);
  }

  /** @param internal From another learner (listed once, by the sender's session). */
  deliver(sock: RelaySocket, address: string, port: number, payload: Uint8Array, internal: boolean) {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.ctx.config.maxBufferedBytes) {
      this.drops.backpressure++;
      return;
    }
    if (!internal)
      this.noteTraffic({
        dir: 'in',
        fate: 'relayed',
        from: `${address}:${port}`,
        to: `${this.ctx.publicAddress}:${sock.relayPort}`,
        size: payload.length,
        payload,
      });
    this.lastActivity = this.ctx.now();
    this.ws.send(encodeDatagram({ socket: sock.id, address, port, payload }), { binary: true });
  }

  /** @param internal From another learner (listed once, by the sender's session). */
  deniedInbound(sock: RelaySocket, address: string, port: number, payload: Uint8Array, internal: boolean) {
    this.drops.inboundDenied++;
    const reason = sock.implicit ? 'not-a-reply' : (this.ctx.policy.sourceDenial(address) ?? 'source');
    // The page lists it in its packet list (a bounded number a second; the drop count has them all).
    if (this.refusalsBucket.take())
      this.send({
        type: 'refused',
        socket: sock.id,
        peer: `${address}:${port}`,
        size: payload.length,
        reason,
        allow: internal ? null : allowedBy(reason),
      });
    if (!internal)
      this.noteTraffic({
        dir: 'in',
        fate: 'refused',
        reason,
        from: `${address}:${port}`,
        to: `${this.ctx.publicAddress}:${sock.relayPort}`,
        size: payload.length,
        payload,
      });
    this.ctx.logger.once(`in:${this.id}`, 'info', 'inbound.denied', {
      session: this.id,
      socket: sock.id,
      peer: `${address}:${port}`,
      implicit: sock.implicit,
      reason,
    });
  }

  socketError(sock: RelaySocket, err: NodeJS.ErrnoException) {
    const errno = err.code && err.code in ERRNO ? err.code : 'EIO';
    const msg = errorMessage('RELAY_ERR_SEND_FAILED', { socket: sock.id, detail: err.code ?? err.message });
    this.send({ ...msg, errno });
    this.ctx.logger.once(`err:${this.id}:${err.code}`, 'warn', 'socket.error', {
      session: this.id,
      socket: sock.id,
      code: err.code,
    });
  }

  // ---- replies, violations, lifetime ----

  send(message: ServerMessage) {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.ctx.config.maxBufferedBytes) return void this.drops.backpressure++;
    this.ws.send(encodeControl(message));
  }

  /**
   * Answers with an error. `violation` (default true) counts it towards closing the session;
   * `oncePerSecond` replies at most once a second for that code (floods of rate-limit errors).
   */
  fail(code: string, extra: ErrorFields & { violation?: boolean; oncePerSecond?: boolean } = {}) {
    this.errors++;
    const { violation = true, oncePerSecond = false, ...fields } = extra;
    const now = this.ctx.now();
    const last = this.#lastReply.get(code);
    if (!oncePerSecond || last === undefined || now - last >= 1000) {
      this.#lastReply.set(code, now);
      this.send(errorMessage(code, fields));
      if (violation && this.violations.hit()) this.end('RELAY_ERR_VIOLATIONS');
    }
  }

  /** Ends the session with a code of RELAY_ERRORS (its close code and reason go to the browser). */
  end(code: string) {
    if (this.closed) return;
    this.endedByRelay = true;
    const close = RELAY_ERRORS[code]?.close ?? 1000;
    this.ctx.logger[this.authed ? 'info' : 'debug']('session.end', {
      session: this.id,
      code,
      client: this.clientAddress,
    });
    this.ws.close(close, closeReason(code));
    // A client that does not answer the close frame is cut soon, not after ws's 30 s.
    const cut = setTimeout(() => this.ws.terminate(), this.ctx.config.closeTimeoutMs);
    cut.unref();
    this.ws.once('close', () => clearTimeout(cut));
    this.dispose();
  }

  /**
   * Closes a session the same tab has just resumed on a new connection (its page was left but its
   * close has not arrived yet): normal close, and not resumable again.
   */
  supersede() {
    if (this.closed) return;
    this.endedByRelay = true;
    this.ws.close(1000, 'resumed by a new connection of this tab');
    const cut = setTimeout(() => this.ws.terminate(), this.ctx.config.closeTimeoutMs);
    cut.unref();
    this.ws.once('close', () => clearTimeout(cut));
    this.dispose();
  }

  /** Closes every real socket and forgets the session; runs once, however the session ends. */
  dispose() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.#authTimer);
    for (const id of [...this.sockets.keys()]) this.closeSocket(id);
    this.binding.clear();
    if (this.displayName !== null) this.ctx.results.join(this.displayName, -1, this.clientAddress);
    this.ctx.onClosed(this);
  }

  /** Totals over the session's life, closed sockets included. */
  totals() {
    const t = { ...this.#closedTotals };
    for (const s of this.sockets.values()) {
      t.packetsOut += s.packetsOut;
      t.packetsIn += s.packetsIn;
      t.bytesOut += s.bytesOut;
      t.bytesIn += s.bytesIn;
    }
    return t;
  }

  /** Periodic work: rates, drop report, idle sockets and session. */
  tick(now: number) {
    const t = this.totals();
    const dt = (now - this.#lastTotals.at) / 1000;
    if (dt > 0) {
      for (const key of ['packetsOut', 'packetsIn', 'bytesOut', 'bytesIn'] as const)
        this.rates[key] = Math.round((t[key] - this.#lastTotals[key]) / dt);
    }
    this.#lastTotals = { ...t, at: now };
    const c = this.ctx.config;
    const total = this.drops.backpressure + this.drops.rate + this.drops.inboundDenied;
    if (this.authed && total !== this.#reportedDrops) {
      this.#reportedDrops = total;
      this.send({ type: 'drops', ...this.drops, total });
    }
    for (const sock of [...this.sockets.values()]) {
      if (now - sock.lastActivity < c.socketIdleMs) continue;
      this.closeSocket(sock.id);
      const e = RELAY_ERRORS.RELAY_ERR_SOCKET_IDLE;
      this.send({
        type: 'closed',
        id: null,
        socket: sock.id,
        code: 'RELAY_ERR_SOCKET_IDLE',
        errno: e.errno,
        message: e.message,
      });
    }
    const lastTraffic = Math.max(this.lastActivity, ...[...this.sockets.values()].map((s) => s.lastActivity));
    if (this.authed && now - lastTraffic >= c.sessionIdleMs) this.end('RELAY_ERR_IDLE');
  }
}
