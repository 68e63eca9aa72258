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
}

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
  };
  if (!Number.isFinite(seed))
    throw new NetsimConfigError('NETSIM_ERR_BAD_OPTION', 'seed must be a finite number');
  for (const [name, value] of Object.entries(resolved)) {
    if (name === 'seed' || name === 'clock') continue;
    const min =
      name === 'maxDatagram' ||
      name === 'lwipMaxDatagram' ||
      name.startsWith('max') ||
      name === 'lwipRecvMbox'
        ? 1
        : 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_OPTION',
        `option ${name} must be an integer ≥ ${min}, got ${String(value)}`,
      );
    }
  }
  return resolved;
}
