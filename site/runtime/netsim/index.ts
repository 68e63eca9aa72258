// Public entry of the simulated UDP network: everything the kernel, the UI and the tests may use.

export { ManualClock, type Clock } from './clock.ts';
export {
  ERRNO,
  STRERROR,
  NetError,
  NetsimConfigError,
  type ConfigErrorCode,
  type ErrnoName,
} from './errors.ts';
export {
  EAI_ROWS,
  ERRNO_ALIASES,
  ERRNO_TABLE,
  LINUX_ERRNO_ROWS,
  LWIP_ROWS,
  NOT_IN_PYTHON_ERRNO,
  errnoNumber,
  errnoText,
  type AnyErrnoName,
  type ErrnoRow,
} from './errno-table.ts';
export { NO_IMPAIRMENT, type Impairment } from './impairment.ts';
export { formatIpv4, parseCidr, parseIpv4 } from './ipv4.ts';
export { createNetwork } from './network.ts';
export type { NetworkOptions } from './options.ts';
export {
  LINUX_EPHEMERAL_HIGH,
  LINUX_EPHEMERAL_LOW,
  LWIP_EPHEMERAL_HIGH,
  LWIP_EPHEMERAL_LOW,
} from './port-table.ts';
export { Prng, deriveSeed } from './prng.ts';
export { TimerClock } from './timer-clock.ts';
export type { DatagramListener, DatagramRecord, Fate, RelayRule, SegmentInfo } from './records.ts';
export {
  SegmentNumbering,
  fateKey,
  isBareAck,
  segmentInfo,
  segmentShort,
  type SegmentNumbers,
} from './segment-label.ts';
export type { Uplink, UplinkSocket } from './uplink.ts';
export { UPLINK_LAN } from './wire.ts';
export { MIN_RCVBUF, MIN_SNDBUF, SOCK_DGRAM, SOCK_STREAM } from './sockopt.ts';
export type { TcpState } from './tcp-socket.ts';
export type { AcceptResult, ShutdownHow, TcpSocketInfo } from './tcp-stack.ts';
export type {
  GetOptName,
  Host,
  HostOptions,
  InterfaceInfo,
  Network,
  Profile,
  RecvResult,
  SetOptName,
  SocketType,
  UdpSocketInfo,
} from './types.ts';
