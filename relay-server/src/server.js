// @ts-check
// The relay: one HTTP server for the course, the dashboard and the WebSocket relay endpoint.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { SUBPROTOCOL } from './protocol/codec.js';
import { RELAY_ERRORS, closeReason } from './protocol/errors.js';
import { resolveOptions } from './config.js';
import { createLogger } from './logger.js';
import { createPolicy } from './policy.js';
import { PortMapper } from './port-mapper.js';
import { TokenBucket, monotonicNow } from './quotas.js';
import { Session } from './session.js';
import { createAdminHandler } from './admin.js';
import { createStaticHandler, ISOLATION_HEADERS } from './static-files.js';
import { generateToken, tokenMatches } from './tokens.js';

/** Path of the relay's WebSocket endpoint. */
export const RELAY_PATH = '/relay';

/**
 * Starts a relay and resolves once it listens.
 * @param {import('./config.js').RelayOptions} [options] See RelayOptions in config.js for each default.
 */
export async function createRelay(options = {}) {
  const config = resolveOptions(options);
  const logger = options.logger ?? createLogger({ windowMs: config.logWindowMs });
  const token = options.token ?? generateToken();
  const adminToken = options.adminToken ?? generateToken();
  const now = monotonicNow;
  const publicAddress =
    options.publicAddress ??
    config.selfAddresses.find((a) => !a.startsWith('127.') && a.includes('.')) ??
    (config.udpHost === '0.0.0.0' ? '127.0.0.1' : config.udpHost);
  const policy = createPolicy(config);
  /** @type {PortMapper<import('./udp-bridge.js').RelaySocket | null>} */
  const mapper = new PortMapper({
    host: config.udpHost,
    range: config.portRange,
    ...(options.createSocket ? { createSocket: options.createSocket } : {}),
  });
  const relayBucket = new TokenBucket(config.relayPacketsPerSecond, config.relayPacketsBurst, now);
  /** @type {Set<Session>} */
  const sessions = new Set();
  /** @type {Map<string, number>} live WebSockets per client address */
  const perAddress = new Map();
  const startedAt = Date.now();
  let closing = false;

  /** @type {import('./session.js').RelayContext} */
  const ctx = {
    config,
    policy,
    mapper,
    logger,
    relayBucket,
    now,
    publicAddress,
    checkToken: (given) => tokenMatches(token, given),
    authedSessions: () => [...sessions].filter((s) => s.authed).length,
    onClosed(session) {
      sessions.delete(session);
      const n = (perAddress.get(session.clientAddress) ?? 1) - 1;
      if (n > 0) perAddress.set(session.clientAddress, n);
      else perAddress.delete(session.clientAddress);
      logger.info('session.closed', {
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

  const staticHandler = config.staticRoot ? createStaticHandler(config.staticRoot) : null;
  const admin = createAdminHandler({ adminToken, logger, snapshot, endSession });
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/admin' || path.startsWith('/admin/')) return void admin(req, res);
    if (path === RELAY_PATH)
      return void res.writeHead(426, { ...ISOLATION_HEADERS, Upgrade: 'websocket' }).end('WebSocket only');
    if (staticHandler) return void staticHandler(req, res);
    res
      .writeHead(404, { ...ISOLATION_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
      .end('Not found');
  });

  server.on('upgrade', (req, socket, head) => {
    const refuse = (/** @type {string} */ code) => {
      const e = RELAY_ERRORS[code];
      logger.once(`refuse:${code}:${req.socket.remoteAddress}`, 'warn', 'upgrade.refused', {
        code,
        client: req.socket.remoteAddress,
        origin: req.headers.origin,
      });
      socket.end(
        `HTTP/1.1 ${e?.http ?? 400} ${http.STATUS_CODES[e?.http ?? 400]}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ code, message: e?.message })}`,
      );
    };
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== RELAY_PATH || closing)
      return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    if (!originAllowed(req)) return refuse('RELAY_ERR_ORIGIN');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!offered.includes(SUBPROTOCOL)) return refuse('RELAY_ERR_SUBPROTOCOL');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const clientAddress = req.socket.remoteAddress ?? '?';
      const count = perAddress.get(clientAddress) ?? 0;
      if (count >= config.maxSessionsPerAddress || closing) {
        const code = closing ? 'RELAY_ERR_SHUTDOWN' : 'RELAY_ERR_TOO_MANY_SESSIONS';
        logger.once(`refuse:${code}:${clientAddress}`, 'warn', 'session.refused', {
          code,
          client: clientAddress,
        });
        return ws.close(RELAY_ERRORS[code]?.close, closeReason(code));
      }
      perAddress.set(clientAddress, count + 1);
      const session = new Session(ws, ctx, { clientAddress, origin: req.headers.origin });
      sessions.add(session);
      logger.info('session.open', { session: session.id, client: clientAddress, origin: req.headers.origin });
    });
  });

  /** @param {http.IncomingMessage} req */
  function originAllowed(req) {
    const origin = req.headers.origin;
    if (origin === undefined) return true; // not a browser: a browser always sends Origin, and cannot forge it
    if (config.allowOrigins.includes(origin) || config.allowOrigins.includes('*')) return true;
    try {
      return new URL(origin).host === req.headers.host;
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
    }));
    /** @param {(s: typeof list[number]) => number} f */
    const sum = (f) => list.reduce((a, s) => a + f(s), 0);
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

  /** @param {string} id */
  function endSession(id) {
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
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  logger.info('relay.listening', {
    address: addr.address,
    port: addr.port,
    udpHost: config.udpHost,
    publicAddress,
    subnets: config.subnets,
    allow: config.allow,
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
    endSession,
    /** The address the HTTP server listens on. */
    address: () => /** @type {import('node:net').AddressInfo} */ (server.address()),
    /** ws:// URL of the relay endpoint. */
    get url() {
      const a = /** @type {import('node:net').AddressInfo} */ (server.address());
      const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      return `ws://${host}:${a.port}${RELAY_PATH}`;
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

/** @typedef {Awaited<ReturnType<typeof createRelay>>} Relay */
