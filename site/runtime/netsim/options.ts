// Every limit of the network as a named option, with its default set in this one place.

import { ManualClock, type Clock } from './clock.ts';
import { NetsimConfigError } from './errors.ts';

/** Options of createNetwork(). Every one is optional; defaults imitate Linux (and lwIP for the board). */
export interface NetworkOptions {
  /** Seeds the PRNG for impairments and Linux ephemeral ports. Default 1. */
  seed?: number;
  /** Source of time and timers. Default `new ManualClock(0)`. */
  clock?: Clock;
  /** Largest UDP payload a linux-profile host can send (65 535 − 8 UDP − 20 IP). Default 65_507. */
  maxDatagram?: number;
  /** Largest payload an lwip-profile host can send; above it, bare errno 122. Default 65_535. */
  lwipMaxDatagram?: number;
  /** Receive buffer of a new linux socket, in bytes (Linux net.core.rmem_default). Default 212_992. */
  defaultRcvBuf?: number;
  /** SO_SNDBUF of a new linux socket (net.core.wmem_default); reported only, sends never block. Default 212_992. */
  defaultSndBuf?: number;
  /** Cap on SO_RCVBUF before Linux doubles it (net.core.rmem_max). Default 212_992. */
  rmemMax?: number;
  /** Cap on SO_SNDBUF before Linux doubles it (net.core.wmem_max). Default 212_992. */
  wmemMax?: number;
  /**
   * Bytes charged to the receive buffer per queued datagram on top of its payload: the
   * skb truesize of a small datagram on x86-64 Linux (sk_buff 256 + skb_shared_info 320 +
   * headroom/headers in a 512-byte slab, minus the payload) is 768. Default 768.
   */
  rcvBufOverhead?: number;
  /** Datagrams an lwip socket can queue (ESP-IDF CONFIG_LWIP_UDP_RECVMBOX_SIZE); more are dropped. Default 6. */
  lwipRecvMbox?: number;
  /** Open sockets per host; one more fails with EMFILE (linux) or ENFILE (lwip). Default 1024. */
  maxSocketsPerHost?: number;
  /** Hosts per network. Default 64. */
  maxHosts?: number;
  /** Datagram records kept for records(); the oldest are dropped. Default 10_000. */
  maxRecords?: number;
  /** Payload bytes copied into each record. Default 256. */
  recordPayloadBytes?: number;
  /** Largest TCP segment payload of a linux host (Ethernet MTU 1500 − 40). Default 1460. */
  tcpMss?: number;
  /** Send buffer of a linux TCP socket: send() takes at most this many unacknowledged bytes (tcp_wmem[1]). Default 16_384. */
  tcpSndBuf?: number;
  /** Receive buffer of a linux TCP socket: the largest window it advertises (tcp_rmem[1]). Default 131_072. */
  tcpRcvBuf?: number;
  /** First retransmission timeout of a linux host, ms (TCP_TIMEOUT_INIT). Default 1000. */
  tcpRtoInitialMs?: number;
  /** Smallest retransmission timeout of a linux host, ms (TCP_RTO_MIN). Default 200. */
  tcpRtoMinMs?: number;
  /** Largest retransmission timeout, ms, both profiles (TCP_RTO_MAX). Default 120_000. */
  tcpRtoMaxMs?: number;
  /** SYN retransmissions before connect() fails with ETIMEDOUT (tcp_syn_retries; 6 → 127 s). Default 6. */
  tcpSynRetries?: number;
  /** SYN-ACK retransmissions of a half-open connection (tcp_synack_retries). Default 5. */
  tcpSynAckRetries?: number;
  /** Data retransmissions before the connection fails with ETIMEDOUT (tcp_retries2). Default 15. */
  tcpRetries2?: number;
  /** How long a linux connection stays in TIME-WAIT, ms (TCP_TIMEWAIT_LEN). Default 60_000. */
  tcpTimeWaitMs?: number;
  /** How long a closed (orphaned) connection may wait in FIN-WAIT-2, ms (tcp_fin_timeout), both profiles. Default 60_000. */
  tcpFinTimeoutMs?: number;
  /** Cap on listen()'s backlog on a linux host (net.core.somaxconn). Default 4096. */
  somaxconn?: number;
  /** Largest TCP segment payload of a board (ESP-IDF CONFIG_LWIP_TCP_MSS). Default 1440. */
  lwipTcpMss?: number;
  /** Send buffer of a board TCP socket (ESP-IDF CONFIG_LWIP_TCP_SND_BUF_DEFAULT, 4 × MSS). Default 5760. */
  lwipTcpSndBuf?: number;
  /** Receive window of a board TCP socket (ESP-IDF CONFIG_LWIP_TCP_WND_DEFAULT, 4 × MSS). Default 5760. */
  lwipTcpWnd?: number;
  /** First retransmission timeout of a board, ms (lwIP's initial RTO of 3 s). Default 3000. */
  lwipTcpRtoInitialMs?: number;
  /** Smallest retransmission timeout of a board, ms (lwIP's 500 ms slow-timer tick). Default 500. */
  lwipTcpRtoMinMs?: number;
  /** SYN retransmissions before a board's connect() fails (lwIP TCP_SYNMAXRTX). Default 6. */
  lwipTcpSynRetries?: number;
  /** Retransmissions (data and SYN-ACK) before a board's connection fails (CONFIG_LWIP_TCP_MAXRTX). Default 12. */
  lwipTcpMaxRtx?: number;
  /** How long a board connection stays in TIME-WAIT, ms (lwIP 2 × TCP_MSL of 60 s). Default 120_000. */
  lwipTcpTimeWaitMs?: number;
  /** Cap on listen()'s backlog on a board (lwIP stores it in a byte). Default 255. */
  lwipMaxBacklog?: number;
}

/** NetworkOptions with every default applied. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly clock: Clock;
  readonly maxDatagram: number;
  readonly lwipMaxDatagram: number;
  readonly defaultRcvBuf: number;
  readonly defaultSndBuf: number;
  readonly rmemMax: number;
  readonly wmemMax: number;
  readonly rcvBufOverhead: number;
  readonly lwipRecvMbox: number;
  readonly maxSocketsPerHost: number;
  readonly maxHosts: number;
  readonly maxRecords: number;
  readonly recordPayloadBytes: number;
  readonly tcpMss: number;
  readonly tcpSndBuf: number;
  readonly tcpRcvBuf: number;
  readonly tcpRtoInitialMs: number;
  readonly tcpRtoMinMs: number;
  readonly tcpRtoMaxMs: number;
  readonly tcpSynRetries: number;
  readonly tcpSynAckRetries: number;
  readonly tcpRetries2: number;
  readonly tcpTimeWaitMs: number;
  readonly tcpFinTimeoutMs: number;
  readonly somaxconn: number;
  readonly lwipTcpMss: number;
  readonly lwipTcpSndBuf: number;
  readonly lwipTcpWnd: number;
  readonly lwipTcpRtoInitialMs: number;
  readonly lwipTcpRtoMinMs: number;
  readonly lwipTcpSynRetries: number;
  readonly lwipTcpMaxRtx: number;
  readonly lwipTcpTimeWaitMs: number;
  readonly lwipMaxBacklog: number;
}

/** Options that must be at least 1 (sizes and timeouts); retry counts and waits may be 0. */
const AT_LEAST_ONE = new Set([
  'maxDatagram',
  'lwipMaxDatagram',
  'lwipRecvMbox',
  'tcpMss',
  'tcpSndBuf',
  'tcpRcvBuf',
  'tcpRtoInitialMs',
  'tcpRtoMinMs',
  'tcpRtoMaxMs',
  'somaxconn',
  'lwipTcpMss',
  'lwipTcpSndBuf',
  'lwipTcpWnd',
  'lwipTcpRtoInitialMs',
  'lwipTcpRtoMinMs',
  'lwipMaxBacklog',
]);

/** Applies defaults and checks that each limit is a sensible integer. */
export function resolveOptions(options: NetworkOptions): ResolvedOptions {
  const {
    seed = 1,
    clock = new ManualClock(0),
    maxDatagram = 65_507,
    lwipMaxDatagram = 65_535,
    defaultRcvBuf = 212_992,
    defaultSndBuf = 212_992,
    rmemMax = 212_992,
    wmemMax = 212_992,
    rcvBufOverhead = 768,
    lwipRecvMbox = 6,
    maxSocketsPerHost = 1024,
    maxHosts = 64,
    maxRecords = 10_000,
    recordPayloadBytes = 256,
    tcpMss = 1460,
    tcpSndBuf = 16_384,
    tcpRcvBuf = 131_072,
    tcpRtoInitialMs = 1000,
    tcpRtoMinMs = 200,
    tcpRtoMaxMs = 120_000,
    tcpSynRetries = 6,
    tcpSynAckRetries = 5,
    tcpRetries2 = 15,
    tcpTimeWaitMs = 60_000,
    tcpFinTimeoutMs = 60_000,
    somaxconn = 4096,
    lwipTcpMss = 1440,
    lwipTcpSndBuf = 5760,
    lwipTcpWnd = 5760,
    lwipTcpRtoInitialMs = 3000,
    lwipTcpRtoMinMs = 500,
    lwipTcpSynRetries = 6,
    lwipTcpMaxRtx = 12,
    lwipTcpTimeWaitMs = 120_000,
    lwipMaxBacklog = 255,
  } = options;
  const resolved: ResolvedOptions = {
    seed,
    clock,
    maxDatagram,
    lwipMaxDatagram,
    defaultRcvBuf,
    defaultSndBuf,
    rmemMax,
    wmemMax,
    rcvBufOverhead,
    lwipRecvMbox,
    maxSocketsPerHost,
    maxHosts,
    maxRecords,
    recordPayloadBytes,
    tcpMss,
    tcpSndBuf,
    tcpRcvBuf,
    tcpRtoInitialMs,
    tcpRtoMinMs,
    tcpRtoMaxMs,
    tcpSynRetries,
    tcpSynAckRetries,
    tcpRetries2,
    tcpTimeWaitMs,
    tcpFinTimeoutMs,
    somaxconn,
    lwipTcpMss,
    lwipTcpSndBuf,
    lwipTcpWnd,
    lwipTcpRtoInitialMs,
    lwipTcpRtoMinMs,
    lwipTcpSynRetries,
    lwipTcpMaxRtx,
    lwipTcpTimeWaitMs,
    lwipMaxBacklog,
  };
  if (!Number.isFinite(seed))
    throw new NetsimConfigError('NETSIM_ERR_BAD_OPTION', 'seed must be a finite number');
  for (const [name, value] of Object.entries(resolved)) {
    if (name === 'seed' || name === 'clock') continue;
    const min = AT_LEAST_ONE.has(name) || name.startsWith('max') ? 1 : 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_OPTION',
        `option ${name} must be an integer ≥ ${min}, got ${String(value)}`,
      );
    }
  }
  return resolved;
}
