// The relay: one HTTP server for the course, the dashboard and the WebSocket relay endpoint.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { SUBPROTOCOL, RELAY_ERRORS, closeReason } from '../protocol/index.ts';
import {
  resolveOptions,
  createLogger,
  createPolicy,
  PortMapper,
  TokenBucket,
  monotonicNow,
  Session,
  AuthBackoff,
  ClassResults,
  TrafficLog,
  generateToken,
  tokenMatches,
  hostName,
  parseHostEntry,
} from '../relay/index.ts';
import { createAdminHandler } from './admin.ts';
import { createStaticHandler } from './static-files.ts';
import { ANSWERS, SECURITY_HEADERS, answer, answerText, writeRawResponse } from './http-answers.ts';
import { acceptTls, isEncrypted } from './tls.ts';
import type { RelayOptions, AddressUsage, RelayContext, RelaySocket } from '../relay/index.ts';
import type { AddressInfo, Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Path of the relay's WebSocket endpoint. */
export const RELAY_PATH = '/relay';

/**
 * Starts a relay and resolves once it listens.
 * @param [options] See RelayOptions in config.js for each default.
 */
export async function createRelay(options: RelayOptions = {}) {
  const config = resolveOptions(options);
  const logger = options.logger ?? createLogger({ windowMs: config.logWindowMs });
  const token = options.token ?? generateToken();
  const adminToken = options.adminToken ?? generateToken();
  const now = options.now ?? monotonicNow;
  const publicAddress =
    options.publicAddress ??
    config.selfAddresses.find((a) => !a.startsWith('127.') && a.includes('.')) ??
    (config.udpHost === '0.0.0.0' ? '127.0.0.1' : config.udpHost);
  const policy = createPolicy(config);
  const mapper: PortMapper<RelaySocket | null> = new PortMapper({
    host: config.udpHost,
    range: config.portRange,
    ...(options.createSocket ? { createSocket: options.createSocket } : {}),
  });
  const relayBucket = new TokenBucket(config.relayPacketsPerSecond, config.relayPacketsBurst, now);
  const relayBytes = new TokenBucket(config.relayBytesPerSecond, config.relayBytesBurst, now);
  const sessions: Set<Session> = new Set();
  /**
   * Sessions closed by their page (not by the relay), resumable by the same tab for
   * `resumeGraceMs`; oldest first, at most `maxSessionsPerToken`.
   */
  const resumable: Map<string, { resumeKey: string; clientAddress: string; closedAt: number }> = new Map();
  /**
   * What each client address holds: TCP connections and WebSockets (each counted until its
   * connection is really closed), real ports, and the rate buckets all its sessions share.
   */
  const byAddress: Map<string, AddressUsage> = new Map();
  /** The class token's (the whole class's) real ports. */
  const classUsage = { ports: 0 };
  const backoff = new AuthBackoff({
    allowed: config.authFailuresAllowed,
    baseMs: config.authBackoffMs,
    maxMs: config.authBackoffMaxMs,
    now,
  });
  /** Connections refused as too many: whatever they send is not served. */
  const refusedSockets: WeakSet<object> = new WeakSet();
  const startedAt = Date.now();
  let closing = false;
  const results = new ClassResults({
    maxLearners: config.maxReportLearners,
    maxExercises: config.maxReportExercises,
    maxPerAddress: config.maxReportNamesPerAddress,
    exercises: config.exercises,
  });

  const traffic = new TrafficLog({
    ringSize: config.trafficRingSize,
    previewBytes: config.trafficPreviewBytes,
    preview: config.trafficPreview,
    maxPerPoll: config.trafficMaxPerPoll,
    maxLearners: config.trafficMaxLearners,
  });
  /** What the dashboard shows of the class's datagrams: said to every learner's page. */
  const observed = () => ({ traffic: true, preview: traffic.preview, previewBytes: traffic.previewBytes });
  /** Switches the traffic view's preview and tells every learner's page. */
  function setTrafficPreview(on: boolean) {
    if (!traffic.setPreview(on)) return;
    logger.info('admin.traffic-preview', { preview: on, previewBytes: traffic.previewBytes });
    for (const s of sessions) if (s.authed) s.send({ type: 'observed', ...observed() });
  }

  function usageOf(address: string) {
    let u = byAddress.get(address);
    if (!u) {
      u = {
        connections: 0,
        sessions: 0,
        ports: 0,
        packets: new TokenBucket(config.addressPacketsPerSecond, config.addressPacketsBurst, now),
        bytes: new TokenBucket(config.addressBytesPerSecond, config.addressBytesBurst, now),
        checkResults: new TokenBucket(config.checkResultsPerMinute / 60, config.checkResultsBurst, now),
        nameChanges: new TokenBucket(config.nameChangesPerMinute / 60, config.nameChangesBurst, now),
      };
      byAddress.set(address, u);
    }
    return u;
  }
  /** Forgets an address that holds nothing any more. */
  function forgetIfIdle(address: string) {
    const u = byAddress.get(address);
    if (u && u.connections <= 0 && u.sessions <= 0 && u.ports <= 0) byAddress.delete(address);
  }

  const ctx: RelayContext = {
    config,
    policy,
    mapper,
    logger,
    relayBucket,
    relayBytes,
    classUsage,
    now,
    publicAddress,
    checkToken: (given) => tokenMatches(token, given),
    authedSessions: () => [...sessions].filter((s) => s.authed).length,
    authWaitMs: (address) => backoff.waitMs(address),
    authFailed(address) {
      const { failures, waitMs } = backoff.fail(address);
      logger.once(`auth-failed:${address}`, 'warn', 'auth.failed', { client: address, failures, waitMs });
    },
    authSucceeded: (address) => backoff.succeed(address),
    onPortReleased: (address) => forgetIfIdle(address),
    results,
    traffic,
    observed,
    canResume(session, request) {
      const live = [...sessions].find((x) => x.authed && x.id === request.session);
      const gone = resumable.get(request.session);
      const previous = live ?? gone;
      if (!previous || previous.clientAddress !== session.clientAddress) return false;
      if (!tokenMatches(previous.resumeKey, request.key)) return false;
      return !(!live && gone && now() - gone.closedAt > config.resumeGraceMs);
    },
    resume(session, request) {
      if (!ctx.canResume(session, request)) return false;
      const live = [...sessions].find((x) => x.authed && x.id === request.session);
      resumable.delete(request.session);
      live?.supersede();
      session.id = request.session;
      return true;
    },
    onClosed(session) {
      sessions.delete(session);
      // The tab may come back (its page was left for another lesson): keep what resumes it a while.
      if (session.authed && !session.endedByRelay) {
        resumable.delete(session.id);
        resumable.set(session.id, {
          resumeKey: session.resumeKey,
          clientAddress: session.clientAddress,
          closedAt: now(),
        });
        for (const [id, r] of resumable) {
          if (resumable.size <= config.maxSessionsPerToken && now() - r.closedAt <= config.resumeGraceMs)
            break;
          resumable.delete(id);
        }
      }
      // Sessions that never authenticated (floods of them) log nothing at info: auth.failed says it.
      logger[session.authed ? 'info' : 'debug']('session.closed', {
        session: session.id,
        client: session.clientAddress,
        ...session.totals(),
        drops: session.drops,
        denials: session.denials,
      });
    },
  };

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: config.maxPayload,
    clientTracking: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const staticHandler = config.staticRoot ? createStaticHandler(config.staticRoot, { logger }) : null;
  // Wrong dashboard tokens earn the same wait, counted apart: learners' stale class tokens behind
  // the teacher's address do not lock the dashboard, nor the reverse.
  const adminBackoff = new AuthBackoff({
    allowed: config.authFailuresAllowed,
    baseMs: config.authBackoffMs,
    maxMs: config.authBackoffMaxMs,
    now,
  });
  const admin = createAdminHandler({
    adminToken,
    logger,
    snapshot,
    endSession,
    results,
    traffic,
    setTrafficPreview,
    backoff: adminBackoff,
    staticRoot: config.staticRoot,
  });
  const server = http.createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      keepAliveTimeout: config.keepAliveTimeoutMs,
      // How often Node looks for connections past headersTimeout / requestTimeout (default 30 s).
      connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
    },
    (req, res) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      if (refusedSockets.has(req.socket)) return void res.destroy();
      if (!hostAllowed(req.headers.host)) {
        logger.once(`refuse:RELAY_ERR_HOST:${req.socket.remoteAddress}`, 'warn', 'request.refused', {
          code: 'RELAY_ERR_HOST',
          client: req.socket.remoteAddress,
          host: req.headers.host,
        });
        return answer(res, 'RELAY_ERR_HOST');
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      // Plain HTTP on the TLS port: the same address, over https.
      if (options.tls && !isEncrypted(req.socket))
        return answer(res, 'HTTPS_ONLY', {
          Location: `https://${req.headers.host ?? publicAddress}${req.url ?? '/'}`,
        });
      if (path === '/admin' || path.startsWith('/admin/')) return void admin(req, res);
      if (path === RELAY_PATH) return answer(res, 'WEBSOCKET_ONLY', { Upgrade: 'websocket' });
      if (!staticHandler) return answer(res, 'NOT_FOUND');
      staticHandler(req, res).catch((err: Error) => {
        logger.once(`static:${err.message}`, 'error', 'static.failed', { message: err.message });
        if (!res.headersSent) answer(res, 'RELAY_ERR_FILE_READ');
        else res.destroy();
      });
    },
  );
  server.maxRequestsPerSocket = config.maxRequestsPerSocket;
  if (options.tls) acceptTls(server, options.tls, { firstByteTimeoutMs: config.headersTimeoutMs });

  // Every TCP connection counts against its address until it is closed, whatever it carries.
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    const u = usageOf(address);
    u.connections++;
    socket.once('close', () => {
      u.connections--;
      forgetIfIdle(address);
    });
    if (u.connections > config.maxConnectionsPerAddress) {
      refusedSockets.add(socket);
      logger.once(`refuse:RELAY_ERR_TOO_MANY_CONNECTIONS:${address}`, 'warn', 'connection.refused', {
        code: 'RELAY_ERR_TOO_MANY_CONNECTIONS',
        client: address,
        limit: config.maxConnectionsPerAddress,
      });
      writeRawResponse(socket, 503, answerText('RELAY_ERR_TOO_MANY_CONNECTIONS'), { 'Retry-After': '5' });
    }
  });

  // Node's own answers to malformed or slow requests, with the relay's headers.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // A failed TLS handshake (a learner who did not accept the certificate) has no HTTP to answer.
    if (
      err.code === 'ECONNRESET' ||
      String(err.code).startsWith('ERR_SSL_') ||
      !socket.writable ||
      refusedSockets.has(socket)
    )
      return void socket.destroy();
    const key =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? 'HEADERS_TOO_LARGE'
          : 'BAD_REQUEST';
    writeRawResponse(socket, ANSWERS[key]?.status ?? 400, answerText(key));
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (refusedSockets.has(socket)) return void socket.destroy();
    const refuse = (code: string) => {
      const e = RELAY_ERRORS[code];
      logger.once(`refuse:${code}:${req.socket.remoteAddress}`, 'warn', 'upgrade.refused', {
        code,
        client: req.socket.remoteAddress,
        origin: req.headers.origin,
      });
      writeRawResponse(socket, e?.http ?? 400, JSON.stringify({ code, message: e?.message }), {
        'Content-Type': 'application/json',
      });
    };
    if ((req.url ?? '').split('?')[0] !== RELAY_PATH || closing)
      return writeRawResponse(socket, 404, answerText('NOT_FOUND'));
    if (!hostAllowed(req.headers.host)) return refuse('RELAY_ERR_HOST');
    if (options.tls && !isEncrypted(req.socket))
      return writeRawResponse(socket, 426, answerText('HTTPS_ONLY'));
    if (!originAllowed(req)) return refuse('RELAY_ERR_ORIGIN');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!offered.includes(SUBPROTOCOL)) return refuse('RELAY_ERR_SUBPROTOCOL');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const clientAddress = req.socket.remoteAddress ?? '?';
      const u = usageOf(clientAddress);
      // Counted until the connection is really closed, not when the relay decides to end it.
      u.sessions++;
      ws.once('close', () => {
        u.sessions--;
        forgetIfIdle(clientAddress);
      });
      const code = closing
        ? 'RELAY_ERR_SHUTDOWN'
        : u.sessions > config.maxSessionsPerAddress
          ? 'RELAY_ERR_TOO_MANY_SESSIONS'
          : backoff.waitMs(clientAddress) > 0
            ? 'RELAY_ERR_AUTH_BACKOFF'
            : null;
      if (code) {
        logger.once(`refuse:${code}:${clientAddress}`, 'warn', 'session.refused', {
          code,
          client: clientAddress,
        });
        return closeAndCut(ws, code, config.closeTimeoutMs);
      }
      const session = new Session(ws, ctx, { clientAddress, origin: req.headers.origin, usage: u });
      sessions.add(session);
      logger.debug('session.open', {
        session: session.id,
        client: clientAddress,
        origin: req.headers.origin,
      });
    });
  });

  /**
   * Whether a Host header names this relay: its listen and public addresses, localhost, or a name
   * given in `allowHosts`. A page that rebinds its own name to the relay's address sends its own
   * name here, and is refused. No Host header: not a browser (HTTP/1.0), nothing to rebind.
   */
  function hostAllowed(header: string | undefined) {
    if (header === undefined) return true;
    const name = hostName(header);
    return name !== null && hostNames.has(name.replace(/\.$/, ''));
  }

  function originAllowed(req: http.IncomingMessage) {
    const origin = req.headers.origin;
    if (origin === undefined) return true; // not a browser: a browser always sends Origin, and cannot forge it
    if (config.allowOrigins.includes(origin) || config.allowOrigins.includes('*')) return true;
    try {
      // Its own pages' origin is http(s)://<Host>, scheme included: https when the relay serves TLS.
      const u = new URL(origin);
      const host = req.headers.host ?? '';
      return (
        u.protocol === (options.tls ? 'https:' : 'http:') &&
        u.host === new URL(`${u.protocol}//${host}`).host &&
        hostAllowed(host)
      );
    } catch {
      return false;
    }
  }

  const tick = setInterval(() => {
    const t = now();
    for (const s of [...sessions]) s.tick(t);
  }, config.tickMs);
  const heartbeat = setInterval(() => {
    for (const s of [...sessions]) {
      if (!s.alive) {
        logger.info('session.heartbeat-lost', { session: s.id });
        s.ws.terminate();
        s.dispose();
        continue;
      }
      s.alive = false;
      s.ws.ping();
    }
  }, config.heartbeatMs);
  tick.unref();
  heartbeat.unref();

  function snapshot() {
    const list = [...sessions].map((s) => ({
      id: s.id,
      client: s.clientAddress,
      origin: s.origin ?? null,
      authed: s.authed,
      openedAt: new Date(s.openedAt).toISOString(),
      sockets: [...s.sockets.values()].map((k) => ({
        id: k.id,
        port: k.port,
        relayPort: k.relayPort,
        implicit: k.implicit,
        packetsIn: k.packetsIn,
        packetsOut: k.packetsOut,
        bytesIn: k.bytesIn,
        bytesOut: k.bytesOut,
        idleSeconds: Math.round((now() - k.lastActivity) / 1000),
      })),
      rates: { ...s.rates },
      totals: s.totals(),
      drops: { ...s.drops },
      denials: s.denials,
      errors: s.errors,
      destinations: s.destinations.size,
      name: s.displayName,
    }));
    const sum = (f: (s: (typeof list)[number]) => number) => list.reduce((a, s) => a + f(s), 0);
    return {
      relay: {
        publicAddress,
        startedAt: new Date(startedAt).toISOString(),
        sessions: list.length,
        sockets: sum((s) => s.sockets.length),
        rates: {
          packetsOut: sum((s) => s.rates.packetsOut),
          packetsIn: sum((s) => s.rates.packetsIn),
          bytesOut: sum((s) => s.rates.bytesOut),
          bytesIn: sum((s) => s.rates.bytesIn),
        },
        drops: sum((s) => s.drops.backpressure + s.drops.rate + s.drops.inboundDenied),
        denials: sum((s) => s.denials),
      },
      sessions: list,
    };
  }

  function endSession(id: string) {
    const s = [...sessions].find((x) => x.id === id);
    if (!s) return false;
    s.end('RELAY_ERR_ENDED');
    return true;
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const addr = server.address() as AddressInfo;
  const wildcard = ['0.0.0.0', '::', ''].includes(addr.address);
  /** Host names (lower case, IPv6 without brackets) the relay answers to. */
  const hostNames = new Set(
    [
      'localhost',
      addr.address,
      config.host,
      publicAddress,
      ...(wildcard ? ['127.0.0.1', '::1', ...config.selfAddresses] : []),
      ...config.allowHosts,
    ]
      .map((h) => parseHostEntry(h)?.name ?? null)
      .filter((h) => h !== null),
  );
  logger.info('relay.listening', {
    address: addr.address,
    port: addr.port,
    udpHost: config.udpHost,
    publicAddress,
    subnets: config.subnets,
    allow: config.allow,
    hosts: [...hostNames],
  });

  return {
    server,
    config,
    token,
    adminToken,
    publicAddress,
    sessions,
    mapper,
    snapshot,
    /** The class report (learners × exercises), as the dashboard's API gives it. */
    results,
    /** The dashboard's traffic view: recent datagrams per learner, in memory. */
    traffic,
    /** Switches the traffic view's preview of first bytes, telling every learner's page. */
    setTrafficPreview,
    /** Open TCP connections and WebSockets of a client address (each until really closed). */
    usage: (address: string) => {
      const u = byAddress.get(address);
      return { connections: u?.connections ?? 0, sessions: u?.sessions ?? 0, ports: u?.ports ?? 0 };
    },
    endSession,
    /** The address the HTTP server listens on. */
    address: () => server.address() as AddressInfo,
    /** ws:// (wss:// under TLS) URL of the relay endpoint. */
    get url() {
      const a = server.address() as AddressInfo;
      const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      return `${options.tls ? 'wss' : 'ws'}://${host}:${a.port}${RELAY_PATH}`;
    },
    /** Ends every session (closing all real sockets), then stops listening. */
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(tick);
      clearInterval(heartbeat);
      const sockets = [...sessions].map((s) => s.ws);
      for (const s of [...sessions]) s.end('RELAY_ERR_SHUTDOWN');
      // Give close frames a moment to reach the browsers, then cut whatever is left.
      await Promise.race([
        Promise.all(
          sockets.map((ws) => (ws.readyState === ws.CLOSED ? null : new Promise((r) => ws.once('close', r)))),
        ),
        new Promise((r) => setTimeout(r, 500)),
      ]);
      for (const ws of sockets) ws.terminate();
      await new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
      wss.close();
      logger.info('relay.closed');
    },
  };
}

/**
 * Sends a close frame with the code's close code and reason, and cuts the connection if the client
 * has not closed it within `timeoutMs` (ws alone would wait 30 s, holding a descriptor).
 */
export function closeAndCut(ws: WebSocket, code: string, timeoutMs: number) {
  ws.close(RELAY_ERRORS[code]?.close ?? 1000, closeReason(code));
  const timer = setTimeout(() => ws.terminate(), timeoutMs);
  timer.unref();
  ws.once('close', () => clearTimeout(timer));
}

export type Relay = Awaited<ReturnType<typeof createRelay>>;
