// Every default and limit of the relay, in one place, and the checks applied to options.
import { MAX_DATAGRAM, HEADER_BYTES_V6 } from '../protocol/index.ts';
import { checkHostEntry } from './host-names.ts';
import type { ExerciseInfo } from './class-results.ts';
import type { Logger } from './logger.ts';

/** Options of `createRelay`. Every field is optional; DEFAULTS gives each default. */
export interface RelayOptions {
  /** HTTP listen address. Default '127.0.0.1'. */
  host?: string;
  /** HTTP listen port, 0 for any free one. Default 4321. */
  port?: number;
  /** Address the real UDP sockets bind to. Default '0.0.0.0'. */
  udpHost?: string;
  /**
   * Address reported to learners as "reachable at". Default: first of `selfAddresses` that is not
   * loopback, else `udpHost`.
   */
  publicAddress?: string;
  /** Class token, the first message of every session. Default: a random one. */
  token?: string | null;
  /** Token of the dashboard. Default: a random one. */
  adminToken?: string | null;
  /** Folder served for other paths (the built course), null for none. Default null. */
  staticRoot?: string | null;
  /** LAN subnets that learners may reach (CIDR). Default []. */
  subnets?: string[];
  /** Extra allowed destination ranges (CIDR). Default []. */
  allow?: string[];
  /** The relay host's own addresses. Default []. */
  selfAddresses?: string[];
  /** Origins allowed besides the relay's own. Default []. */
  allowOrigins?: string[];
  /**
   * Serve HTTPS (and wss:) with this certificate and key, PEM; plain HTTP on the port is pointed to
   * https. Default null (plain HTTP).
   */
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
  /**
   * Host names the relay answers to besides its listen and public addresses and `localhost` (DNS
   * rebinding defence). Default [].
   */
  allowHosts?: string[];
  /** Default false. */
  allowLoopback?: boolean;
  /** Default false. */
  allowBroadcast?: boolean;
  /** Default false. */
  allowLowPorts?: boolean;
  /** Default false. */
  allowSelf?: boolean;
  /** Ports used when the learner's port is taken. Default [50000, 50999]. */
  portRange?: [number, number];
  /** Largest payload, bytes. Default 65 507. */
  maxDatagram?: number;
  /** Time allowed for the auth message. Default 2 000. */
  authTimeoutMs?: number;
  /** Ping interval; a client that misses one pong is dropped. Default 15 000. */
  heartbeatMs?: number;
  /** A session with no datagram or message for this long is closed. Default 1 800 000 (30 min). */
  sessionIdleMs?: number;
  /** A socket with no traffic for this long is closed. Default 600 000 (10 min). */
  socketIdleMs?: number;
  /** Default 200. */
  maxSessionsPerToken?: number;
  /**
   * WebSockets open from one client address, each counted until its TCP connection is closed. Default
   * 16.
   */
  maxSessionsPerAddress?: number;
  /**
   * TCP connections (HTTP and WebSocket) open from one client address; more are answered 503 and closed.
   * Default 64.
   */
  maxConnectionsPerAddress?: number;
  /**
   * A session whose page went away (a lesson page left for another, a reload) may be resumed by the same
   * tab, from the same client address, with its resume key, for this long: the new connection keeps the
   * session id (the dashboard shows one session per tab). Default 60 000.
   */
  resumeGraceMs?: number;
  /**
   * A session the relay ends (before auth, or refused, or later) is cut this long after its close frame
   * if the client has not closed. Default 1 000.
   */
  closeTimeoutMs?: number;
  /** Time a client has to send a request's headers (slowloris). Default 10 000. */
  headersTimeoutMs?: number;
  /** Time a client has to send a whole request. Default 30 000. */
  requestTimeoutMs?: number;
  /** An idle keep-alive HTTP connection is closed after this. Default 5 000. */
  keepAliveTimeoutMs?: number;
  /** Requests served on one keep-alive connection before it is closed. Default 1 000. */
  maxRequestsPerSocket?: number;
  /** Wrong class tokens from one address before it is made to wait. Default 5. */
  authFailuresAllowed?: number;
  /** First wait after too many wrong tokens; each further wrong token doubles it. Default 1 000. */
  authBackoffMs?: number;
  /** Longest wait; an address with no wrong token for this long starts afresh. Default 60 000. */
  authBackoffMaxMs?: number;
  /** Default 16. */
  maxSocketsPerSession?: number;
  /** Per session, sent datagrams. Default 1 000. */
  packetsPerSecond?: number;
  /** Per session. Default 100. */
  packetsBurst?: number;
  /** Per session, sent payload bytes. Default 2 000 000. */
  bytesPerSecond?: number;
  /** Per session; raised to `maxDatagram` if smaller. Default 131 072. */
  bytesBurst?: number;
  /** Distinct (address, port) destinations per session. Default 256. */
  maxDestinations?: number;
  /** All sessions of one client address together, sent datagrams. Default 2 000. */
  addressPacketsPerSecond?: number;
  /** Default 200. */
  addressPacketsBurst?: number;
  /** All sessions of one client address together, sent payload bytes. Default 4 000 000. */
  addressBytesPerSecond?: number;
  /** Raised to `maxDatagram` if smaller. Default 262 144. */
  addressBytesBurst?: number;
  /** Real ports held by all sessions of one client address. Default 32. */
  maxPortsPerAddress?: number;
  /** Real ports held by all sessions of the class token (the whole class). Default 1 024. */
  maxPortsPerToken?: number;
  /** Relay-wide (= the class token's total), sent datagrams. Default 20 000. */
  relayPacketsPerSecond?: number;
  /** Relay-wide. Default 2 000. */
  relayPacketsBurst?: number;
  /** Relay-wide (= the class token's total), sent payload bytes. Default 40 000 000. */
  relayBytesPerSecond?: number;
  /** Relay-wide; raised to `maxDatagram` if smaller. Default 4 194 304. */
  relayBytesBurst?: number;
  /** WebSocket send buffer above which datagrams to the browser are dropped. Default 1 048 576. */
  maxBufferedBytes?: number;
  /** Violations within the window that close a session. Default 100. */
  violationLimit?: number;
  /** Default 10 000. */
  violationWindowMs?: number;
  /** A repeated denial is logged once per window. Default 10 000. */
  logWindowMs?: number;
  /** Interval of statistics, drop reports and idle checks. Default 1 000. */
  tickMs?: number;
  /**
   * Check results all sessions of one client address may report, per minute (the class report). Default
   * 30.
   */
  checkResultsPerMinute?: number;
  /** Check results one client address may report at once before the per-minute rate applies. Default 10. */
  checkResultsBurst?: number;
  /**
   * Display-name changes (a `name` that differs from the session's) all sessions of one client address
   * may make, per minute. Default 10.
   */
  nameChangesPerMinute?: number;
  /** Name changes one client address may make at once before the per-minute rate applies. Default 10. */
  nameChangesBurst?: number;
  /**
   * Rows (names) of the class report one client address may create; joining an existing row is free.
   * Default 4.
   */
  maxReportNamesPerAddress?: number;
  /** Learners (distinct display names) the class report keeps. Default 200. */
  maxReportLearners?: number;
  /** Distinct exercises the class report keeps. Default 500. */
  maxReportExercises?: number;
  /**
   * Datagrams refused on arrival that one session's page is told of (`refused`), per second; the rest
   * are only counted. Default 10.
   */
  inboundRefusalsPerSecond?: number;
  /** Default 20. */
  inboundRefusalsBurst?: number;
  /**
   * Datagrams the dashboard's traffic view keeps (a ring in memory, the oldest overwritten). Default 2
   * 000.
   */
  trafficRingSize?: number;
  /**
   * Whether the traffic view starts with the preview of each datagram's first bytes on; the instructor
   * switches it on the dashboard. Default false.
   */
  trafficPreview?: boolean;
  /** Bytes of each payload the preview shows (1–64). Default 16. */
  trafficPreviewBytes?: number;
  /**
   * Datagrams of one session listed per second in the traffic view; beyond it (and
   * `trafficRecordsBurst`) they are counted, not listed. Default 100.
   */
  trafficRecordsPerSecond?: number;
  /** Default 200. */
  trafficRecordsBurst?: number;
  /** Records one request of the dashboard gets at most (the newest). Default 200. */
  trafficMaxPerPoll?: number;
  /** Learners the traffic view counts; beyond it the longest quiet one is forgotten. Default 500. */
  trafficMaxLearners?: number;
  /**
   * The course's exercises; when given, a result for another id is refused (RELAY_ERR_EXERCISE). Default
   * null (any well-formed id).
   */
  exercises?: ExerciseInfo[] | null;
  /** Default: JSON lines on standard output, level info. */
  logger?: Logger;
  /** Makes the real UDP sockets. Default `dgram.createSocket`. */
  createSocket?: (type: 'udp4') => import('node:dgram').Socket;
  /**
   * The relay's clock in ms (quotas, idle times, resume grace, log windows): tests inject one they move
   * themselves. Default `performance.now`.
   */
  now?: () => number;
}

export const DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 4321,
  udpHost: '0.0.0.0',
  portRange: Object.freeze([50_000, 50_999]) as [number, number],
  maxDatagram: MAX_DATAGRAM,
  authTimeoutMs: 2_000,
  heartbeatMs: 15_000,
  sessionIdleMs: 30 * 60_000,
  socketIdleMs: 10 * 60_000,
  maxSessionsPerToken: 200,
  maxSessionsPerAddress: 16,
  maxConnectionsPerAddress: 64,
  resumeGraceMs: 60_000,
  closeTimeoutMs: 1_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  authFailuresAllowed: 5,
  authBackoffMs: 1_000,
  authBackoffMaxMs: 60_000,
  maxSocketsPerSession: 16,
  packetsPerSecond: 1_000,
  packetsBurst: 100,
  bytesPerSecond: 2_000_000,
  bytesBurst: 131_072,
  maxDestinations: 256,
  addressPacketsPerSecond: 2_000,
  addressPacketsBurst: 200,
  addressBytesPerSecond: 4_000_000,
  addressBytesBurst: 262_144,
  maxPortsPerAddress: 32,
  maxPortsPerToken: 1_024,
  relayPacketsPerSecond: 20_000,
  relayPacketsBurst: 2_000,
  relayBytesPerSecond: 40_000_000,
  relayBytesBurst: 4_194_304,
  maxBufferedBytes: 1_048_576,
  violationLimit: 100,
  violationWindowMs: 10_000,
  logWindowMs: 10_000,
  tickMs: 1_000,
  checkResultsPerMinute: 30,
  checkResultsBurst: 10,
  nameChangesPerMinute: 10,
  nameChangesBurst: 10,
  maxReportNamesPerAddress: 4,
  maxReportLearners: 200,
  maxReportExercises: 500,
  inboundRefusalsPerSecond: 10,
  inboundRefusalsBurst: 20,
  trafficRingSize: 2_000,
  trafficPreview: false,
  trafficPreviewBytes: 16,
  trafficRecordsPerSecond: 100,
  trafficRecordsBurst: 200,
  trafficMaxPerPoll: 200,
  trafficMaxLearners: 500,
  allowLoopback: false,
  allowBroadcast: false,
  allowLowPorts: false,
  allowSelf: false,
});

const POSITIVE = [
  'authTimeoutMs',
  'heartbeatMs',
  'sessionIdleMs',
  'socketIdleMs',
  'maxSessionsPerToken',
  'maxSessionsPerAddress',
  'maxConnectionsPerAddress',
  'resumeGraceMs',
  'closeTimeoutMs',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'keepAliveTimeoutMs',
  'maxRequestsPerSocket',
  'authFailuresAllowed',
  'authBackoffMs',
  'authBackoffMaxMs',
  'maxSocketsPerSession',
  'packetsPerSecond',
  'packetsBurst',
  'bytesPerSecond',
  'bytesBurst',
  'maxDestinations',
  'addressPacketsPerSecond',
  'addressPacketsBurst',
  'addressBytesPerSecond',
  'addressBytesBurst',
  'maxPortsPerAddress',
  'maxPortsPerToken',
  'relayPacketsPerSecond',
  'relayPacketsBurst',
  'relayBytesPerSecond',
  'relayBytesBurst',
  'maxBufferedBytes',
  'violationLimit',
  'violationWindowMs',
  'logWindowMs',
  'tickMs',
  'checkResultsPerMinute',
  'checkResultsBurst',
  'nameChangesPerMinute',
  'nameChangesBurst',
  'maxReportNamesPerAddress',
  'maxReportLearners',
  'maxReportExercises',
  'inboundRefusalsPerSecond',
  'inboundRefusalsBurst',
  'trafficRingSize',
  'trafficRecordsPerSecond',
  'trafficRecordsBurst',
  'trafficMaxPerPoll',
  'trafficMaxLearners',
] as const;

/** Fills in defaults and checks every limit, throwing a message that names the option and its range. */
export function resolveOptions(options: RelayOptions) {
  const o = {
    ...DEFAULTS,
    subnets: [],
    allow: [],
    selfAddresses: [],
    allowOrigins: [],
    allowHosts: [],
    staticRoot: null,
    exercises: null,
    ...stripUndefined(options),
  };
  for (const key of POSITIVE) {
    if (!(Number.isFinite(o[key]) && o[key] > 0))
      throw new RangeError(`option ${key} must be a positive number, got ${o[key]}`);
  }
  if (!Number.isInteger(o.maxDatagram) || o.maxDatagram < 1 || o.maxDatagram > MAX_DATAGRAM) {
    throw new RangeError(
      `option maxDatagram must be an integer from 1 to ${MAX_DATAGRAM}, got ${o.maxDatagram}`,
    );
  }
  for (const key of ['trafficRingSize', 'trafficMaxPerPoll', 'trafficMaxLearners'] as const)
    if (!Number.isInteger(o[key]))
      throw new RangeError(`option ${key} must be a whole number, got ${o[key]}`);
  if (!Number.isInteger(o.trafficPreviewBytes) || o.trafficPreviewBytes < 1 || o.trafficPreviewBytes > 64)
    throw new RangeError(
      `option trafficPreviewBytes must be a whole number from 1 to 64, got ${o.trafficPreviewBytes}`,
    );
  const [lo, hi] = o.portRange;
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1024 && hi <= 65535 && lo <= hi)) {
    throw new RangeError(`option portRange must be two ports from 1024 to 65535, low first, got ${lo}-${hi}`);
  }
  if (o.requestTimeoutMs < o.headersTimeoutMs)
    throw new RangeError(
      `option requestTimeoutMs (${o.requestTimeoutMs}) must not be below headersTimeoutMs (${o.headersTimeoutMs})`,
    );
  // A name the relay cannot read would be dropped from the names it answers to: say so instead.
  if (!Array.isArray(o.allowHosts)) throw new RangeError('option allowHosts must be a list of host names');
  for (const h of o.allowHosts) checkHostEntry('allowHosts', h, { port: true });
  if (o.publicAddress !== undefined) checkHostEntry('publicAddress', o.publicAddress, { port: false });
  return {
    ...o,
    bytesBurst: Math.max(o.bytesBurst, o.maxDatagram),
    addressBytesBurst: Math.max(o.addressBytesBurst, o.maxDatagram),
    relayBytesBurst: Math.max(o.relayBytesBurst, o.maxDatagram),
    maxPayload: HEADER_BYTES_V6 + o.maxDatagram,
  };
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type RelayConfig = ReturnType<typeof resolveOptions>;
