// The browser's side of the classroom relay: one WebSocket, the token first, datagrams and control
// messages through the relay's own codec, reconnection with exponential back-off, and a status.

import {
  SUBPROTOCOL,
  decodeDatagram,
  decodeServerMessage,
  encodeControl,
  encodeDatagram,
} from '../../relay-server/src/protocol/index.ts';

/** idle: never connected or disconnected by the learner; failed: the relay refused us for good. */
export type RelayState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'failed';

/** Running drop counts: `backpressure`, `rate`, `inboundDenied`, `total` from the relay; `offline` here. */
export interface RelayDrops {
  backpressure: number;
  rate: number;
  inboundDenied: number;
  total: number;
  /** Datagrams the page could not hand to the relay because the connection was not open. */
  offline: number;
}

export interface RelayStatus {
  state: RelayState;
  url: string;
  /** Session id and the relay's LAN address, from `welcome`. */
  session: string | null;
  address: string | null;
  /** Reconnection attempts since the last `welcome`. */
  attempt: number;
  /** When the next attempt starts (Date.now() ms), while reconnecting. */
  retryAt: number | null;
  /**
   * The last error: a RELAY_ERR_* code and its English message; for a denied destination also the
   * rule, the destination and the flag that would allow it.
   */
  error: { code: string; message: string; reason?: string; peer?: string; allow?: string | null } | null;
  drops: RelayDrops;
  /** Datagrams the relay refused by policy (RELAY_ERR_DENIED_PEER) in this session. */
  denials: number;
  /**
   * What the teacher's dashboard shows of this session's datagrams (from `welcome`, then `observed`):
   * their metadata, and with `preview` their first `previewBytes` bytes. Null before `welcome`, or
   * from a relay that does not say.
   */
  observed: RelayObserved | null;
  /** Whether the relay resumed this tab's earlier session (`welcome.resumed`): same session id. */
  resumed: boolean;
}

/** What resumes a session: its id and the key its `welcome` gave. */
export interface RelayResume {
  session: string;
  key: string;
}

/**
 * Where a client keeps what resumes its session beyond the page (relay-token.ts keeps it in the
 * tab's sessionStorage), so that the tab's next page continues the session instead of a new one.
 */
export interface RelayResumeStore {
  load(): RelayResume | null;
  save(resume: RelayResume | null): void;
}

export interface RelayObserved {
  traffic: boolean;
  preview: boolean;
  previewBytes: number;
}

/** What the relay sends, decoded; `datagram` payloads are views into the frame. */
export type RelayEvent =
  | { type: 'welcome'; session: string; address: string; maxDatagram: number }
  | { type: 'bound'; id: number | null; socket: number; port: number; relayPort: number; address: string }
  | { type: 'closed'; id: number | null; socket: number; code?: string; errno?: string }
  | {
      type: 'error';
      id: number | null;
      socket: number | null;
      code: string;
      errno: string;
      message: string;
      /** RELAY_ERR_DENIED_PEER: the rule, the destination ("ip:port") and the flag that would allow it. */
      reason?: string;
      peer?: string;
      allow?: string | null;
    }
  | { type: 'refused'; socket: number; peer: string; size: number; reason: string; allow: string | null }
  | { type: 'datagram'; socket: number; ip: string; port: number; payload: Uint8Array }
  | { type: 'named'; id: number; name: string }
  | { type: 'recorded'; id: number; exercise: string; passed: boolean; attempts: number };

/**
 * Options of RelayClient.
 * @param url `ws(s)://host:port/relay`.
 * @param token The class token, sent as the first message (never in the URL).
 * @param initialDelayMs First reconnection delay. Default 500.
 * @param maxDelayMs Longest reconnection delay. Default 15_000.
 * @param WebSocketImpl Default the global WebSocket.
 * @param random Jitter source (0..1) spreading a classroom's reconnections. Default Math.random.
 * @param resumeStore Keeps the session's resume key beyond the page. Default: in memory only (a
 *   reconnection within the page still resumes).
 */
export interface RelayClientOptions {
  url: string;
  token: string;
  initialDelayMs?: number;
  maxDelayMs?: number;
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
  resumeStore?: RelayResumeStore;
}

/** Close codes after which reconnecting cannot help: wrong token, kicked, too many violations. */
const FINAL_CLOSE_CODES = new Set([4001, 4003, 4004]);

const noDrops = (): RelayDrops => ({ backpressure: 0, rate: 0, inboundDenied: 0, total: 0, offline: 0 });

export class RelayClient {
  readonly #opts: Required<RelayClientOptions>;
  #ws: WebSocket | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #status: RelayStatus;
  #statusListeners = new Set<(s: RelayStatus) => void>();
  #eventListeners = new Set<(e: RelayEvent) => void>();
  /** The session to resume at the next auth, from the last `welcome` (or the store). */
  #resume: RelayResume | null = null;

  constructor(options: RelayClientOptions) {
    this.#opts = {
      initialDelayMs: 500,
      maxDelayMs: 15_000,
      WebSocketImpl: globalThis.WebSocket,
      random: Math.random,
      resumeStore: { load: () => null, save: () => undefined },
      ...options,
    };
    this.#resume = this.#opts.resumeStore.load();
    this.#status = {
      state: 'idle',
      url: options.url,
      session: null,
      address: null,
      attempt: 0,
      retryAt: null,
      error: null,
      drops: noDrops(),
      denials: 0,
      observed: null,
      resumed: false,
    };
  }

  get status(): RelayStatus {
    const observed = this.#status.observed;
    return { ...this.#status, drops: { ...this.#status.drops }, observed: observed && { ...observed } };
  }

  get open(): boolean {
    return this.#status.state === 'open';
  }

  onStatus(cb: (s: RelayStatus) => void): () => void {
    this.#statusListeners.add(cb);
    return () => this.#statusListeners.delete(cb);
  }

  onEvent(cb: (e: RelayEvent) => void): () => void {
    this.#eventListeners.add(cb);
    return () => this.#eventListeners.delete(cb);
  }

  connect(): void {
    if (this.#ws || this.#timer) return;
    this.#update({ state: this.#status.attempt > 0 ? 'reconnecting' : 'connecting', error: null });
    this.#dial();
  }

  /**
   * Closes the connection for good (until connect()); the relay then closes every real socket.
   * @param forget Whether the tab forgets the session (the learner pressed Disconnect; default), or
   *   keeps it resumable, as when the page is left (the playground disposed).
   */
  disconnect(forget = true): void {
    this.#clearTimer();
    const ws = this.#ws;
    this.#ws = null;
    ws?.close(1000, 'disconnect');
    // Left by the learner: the tab's next page does not take the session up again.
    if (forget) this.#setResume(null);
    this.#update({ state: 'idle', attempt: 0, retryAt: null, session: null, address: null, observed: null });
  }

  bind(id: number, socket: number, port: number, implicit: boolean): boolean {
    return this.#sendText(encodeControl({ type: 'bind', id, socket, port, implicit }));
  }

  close(id: number, socket: number): boolean {
    return this.#sendText(encodeControl({ type: 'close', id, socket }));
  }

  /** The learner's display name for the class report (sent again after each `welcome` by its user). */
  name(id: number, name: string): boolean {
    return this.#sendText(encodeControl({ type: 'name', id, name }));
  }

  /** One Check result for the class report: the exercise, pass or fail, when — never the program. */
  checkResult(id: number, exercise: string, passed: boolean, at: number): boolean {
    return this.#sendText(encodeControl({ type: 'check-result', id, exercise, passed, at }));
  }

  /** Sends one datagram; false (and counted as an offline drop) when the connection is not open. */
  send(socket: number, ip: string, port: number, payload: Uint8Array): boolean {
    const ws = this.#ws;
    if (!ws || !this.open) {
      this.#status.drops.offline++;
      this.#emitStatus();
      return false;
    }
    ws.send(encodeDatagram({ socket, address: ip, port, payload }));
    return true;
  }

  #sendText(text: string): boolean {
    if (!this.#ws || !this.open) return false;
    this.#ws.send(text);
    return true;
  }

  #dial(): void {
    let ws: WebSocket;
    try {
      ws = new this.#opts.WebSocketImpl(this.#status.url, SUBPROTOCOL);
    } catch (error) {
      // A malformed URL: nothing to retry.
      this.#update({
        state: 'failed',
        error: {
          code: 'RELAY_CLIENT_BAD_URL',
          message: error instanceof Error ? error.message : String(error),
        },
      });
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    ws.addEventListener('open', () => {
      const resume = this.#resume;
      ws.send(encodeControl({ type: 'auth', token: this.#opts.token, v: 1, ...(resume ? { resume } : {}) }));
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (ws === this.#ws) this.#receive(event.data);
    });
    ws.addEventListener('close', (event: CloseEvent) => {
      if (ws === this.#ws) this.#closed(event.code, event.reason);
    });
  }

  #receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      const decoded = decodeDatagram(new Uint8Array(data));
      if (!decoded.ok) return;
      const d = decoded.datagram;
      this.#emit({ type: 'datagram', socket: d.socket, ip: d.address, port: d.port, payload: d.payload });
      return;
    }
    if (typeof data !== 'string') return;
    const m = decodeServerMessage(data);
    if (!m) return;
    switch (m.type) {
      case 'welcome':
        if (typeof m.resume === 'string') this.#setResume({ session: m.session, key: m.resume });
        this.#update({
          resumed: m.resumed === true,
          state: 'open',
          session: m.session,
          address: m.address,
          attempt: 0,
          retryAt: null,
          error: null,
          drops: noDrops(),
          denials: 0,
          observed: readObserved(m.observed),
        });
        this.#emit({ type: 'welcome', session: m.session, address: m.address, maxDatagram: m.maxDatagram });
        return;
      case 'drops':
        Object.assign(this.#status.drops, {
          backpressure: m.backpressure,
          rate: m.rate,
          inboundDenied: m.inboundDenied,
          total: m.total,
        });
        this.#emitStatus();
        return;
      case 'observed':
        this.#update({ observed: readObserved(m) });
        return;
      case 'error':
        if (m.code === 'RELAY_ERR_DENIED_PEER') this.#status.denials++;
        this.#update({
          error: {
            code: m.code,
            message: m.message,
            ...(m.reason === undefined ? {} : { reason: m.reason }),
            ...(m.peer === undefined ? {} : { peer: m.peer }),
            ...(m.allow === undefined ? {} : { allow: m.allow }),
          },
        });
        this.#emit(m);
        return;
      default:
        this.#emit(m);
    }
  }

  #closed(code: number, reason: string): void {
    this.#ws = null;
    const relayCode = /^(RELAY_ERR_[A-Z_]+)/.exec(reason)?.[1];
    const error = relayCode
      ? { code: relayCode, message: reason.slice(relayCode.length + 2) }
      : (this.#status.error ?? { code: 'RELAY_CLIENT_CLOSED', message: `WebSocket closed (${code})` });
    if (FINAL_CLOSE_CODES.has(code)) {
      this.#setResume(null);
      this.#update({ state: 'failed', error, session: null, retryAt: null });
      return;
    }
    const attempt = this.#status.attempt + 1;
    const base = Math.min(this.#opts.maxDelayMs, this.#opts.initialDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(base * (0.75 + 0.5 * this.#opts.random()));
    this.#update({ state: 'reconnecting', attempt, retryAt: Date.now() + delay, error, session: null });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#dial();
    }, delay);
  }

  #setResume(resume: RelayResume | null): void {
    this.#resume = resume;
    this.#opts.resumeStore.save(resume);
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #update(patch: Partial<RelayStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.#emitStatus();
  }

  #emitStatus(): void {
    const s = this.status;
    for (const cb of this.#statusListeners) cb(s);
  }

  #emit(e: RelayEvent): void {
    for (const cb of this.#eventListeners) cb(e);
  }
}

/** The relay's `observed` (in `welcome` or its own message), checked; null when absent or malformed. */
function readObserved(o: unknown): RelayObserved | null {
  if (typeof o !== 'object' || o === null) return null;
  const { traffic, preview, previewBytes } = o as Record<string, unknown>;
  if (typeof traffic !== 'boolean' || typeof preview !== 'boolean') return null;
  return { traffic, preview, previewBytes: typeof previewBytes === 'number' ? previewBytes : 0 };
}
