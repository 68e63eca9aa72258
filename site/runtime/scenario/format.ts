// The scenario format shared by the headless runner, the tests and the browser playgrounds: which
// LANs, Wi-Fi access points and hosts exist, which programs run where, fed with what. Pure: no Node.

/** Interpreter per program, as in site/runtime/python/types.ts. */
export type ScenarioRuntime = 'cpython' | 'micropython';

/** `pc` and `vvboard` run CPython on Linux; `board` is a 掌控板 (MicroPython, lwIP, Wi-Fi, OLED). */
export type HostKind = 'pc' | 'vvboard' | 'board';

/** Link impairments of one LAN, as netsim's `setImpairment` takes them. */
export interface ScenarioImpairment {
  /** Probability 0–1 that a datagram is lost. */
  loss?: number;
  /** Fixed one-way delay, ms. */
  delayMs?: number;
  /** Extra random delay 0…jitterMs, ms. */
  jitterMs?: number;
  /** Probability 0–1 that a datagram arrives twice. */
  duplicate?: number;
  /** Probability 0–1 that a datagram is held back behind the next one. */
  reorder?: number;
}

/** A broadcast domain (a home router's network, a classroom switch). */
export interface ScenarioLan {
  name: string;
  /** e.g. '192.168.0.0/24'. The router (gateway) is network + 1, e.g. 192.168.0.1. */
  cidr: string;
  /** DNS server a DHCP lease names. Default: the gateway. */
  dns?: string;
  impairment?: ScenarioImpairment;
}

/** A Wi-Fi access point (a router's radio) bridging to a LAN. Boards join it with connectWiFi. */
export interface ScenarioAccessPoint {
  ssid: string;
  /** '' (the default) is an open network. */
  password?: string;
  /** Name of the LAN it bridges to. */
  lan: string;
  /** Signal strength the board's scan reports, dBm. Default -45. */
  rssi?: number;
  /** Channel 1–13. Default 6. */
  channel?: number;
  /** Association + DHCP time: how long a board waits for its address, ms. Default 1250 (3 dots). */
  connectMs?: number;
}

/** One interface of a PC / 虚谷号 on a LAN. */
export interface ScenarioInterface {
  lan: string;
  /** Fixed address; omitted → DHCP (the lowest free address from .2). */
  ip?: string;
}

/** A machine in the scenario. */
export interface ScenarioHost {
  /** Unique name; programs name their host by it. Letters, digits, '-' and '_'. */
  name: string;
  kind: HostKind;
  /** Default: `micropython` for a board, `cpython` otherwise. */
  runtime?: ScenarioRuntime;
  /**
   * pc / vvboard: a fixed address; the LAN is the one whose subnet holds it (or `lan`).
   * board: a DHCP reservation: when the board joins a LAN whose subnet holds it, it gets it.
   */
  ip?: string;
  /** pc / vvboard: the LAN to join (with `ip`, or by DHCP without it). */
  lan?: string;
  /** pc / vvboard with several LANs (instead of `ip`/`lan`). */
  interfaces?: ScenarioInterface[];
  /** pc / vvboard: join this Wi-Fi as soon as it is on the air (e.g. a board's own AP). */
  wifi?: { ssid: string; password?: string };
}

/** One line typed into a program's terminal. A bare string is `{ text }`. */
export interface ScenarioStdinLine {
  text: string;
  /** Wait this long (ms, on the run's clock) before typing it. Default 0. */
  delayMs?: number;
  /** Type it only once the program's output (since the previous line) matches this regex. */
  waitFor?: string;
}

/** When a program starts, beyond the default (the previous program has blocked or ended). */
export interface ScenarioStart {
  /** Wait until this program (by `name`) has printed output matching `output`. Default: the previous one. */
  after?: string;
  /** Regex over that program's stdout. */
  output?: string;
  /** Then wait this long, ms. Default 0. */
  delayMs?: number;
}

/** A program to run. Exactly one of `file` and `code`. */
export interface ScenarioProgram {
  /** Path of the .py file, relative to the scenario file (e.g. '../examples/flow_server.py'). */
  file?: string;
  /** Inline source (playgrounds); `name` is then required. */
  code?: string;
  /** Label in output and `start.after`. Default: the file's base name. Unique. */
  name?: string;
  /** Name of the host it runs on. */
  host: string;
  /** Default: the host's runtime. */
  runtime?: ScenarioRuntime;
  stdin?: (string | ScenarioStdinLine)[];
  start?: ScenarioStart;
}

/** A whole scenario file. */
export interface Scenario {
  /** Shown by the playground; free text. */
  title?: string;
  description?: string;
  /** Seed for loss, reordering and ephemeral ports. Default 1. */
  seed?: number;
  /** Seconds the programs may run once the last has started; then each gets KeyboardInterrupt. Default 30; 0 = no limit. */
  timeout?: number;
  lans?: ScenarioLan[];
  accessPoints?: ScenarioAccessPoint[];
  hosts: ScenarioHost[];
  programs: ScenarioProgram[];
}

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const CIDR_RE = /^(\d{1,3}(\.\d{1,3}){3})\/(\d{1,2})$/;

/** Parses a dotted quad into a number, or -1. */
export function ipToInt(ip: string): number {
  if (!IPV4_RE.test(ip)) return -1;
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** Formats a 32-bit number as a dotted quad. */
export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Network address, prefix and mask of 'a.b.c.d/n', or null if malformed or not a network address. */
export function parseSubnet(cidr: string): { network: number; prefix: number; mask: number } | null {
  const m = CIDR_RE.exec(cidr);
  if (m === null) return null;
  const network = ipToInt(m[1] as string);
  const prefix = Number(m[3]);
  if (network < 0 || prefix < 8 || prefix > 30) return null;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((network & mask) >>> 0 !== network) return null;
  return { network, prefix, mask };
}

/** True if `ip` is a host address (not network, not broadcast) of `cidr`. */
export function inLan(ip: string, cidr: string): boolean {
  const subnet = parseSubnet(cidr);
  const n = ipToInt(ip);
  if (subnet === null || n < 0) return false;
  const broadcast = (subnet.network | ~subnet.mask) >>> 0;
  return (n & subnet.mask) >>> 0 === subnet.network && n !== subnet.network && n !== broadcast;
}

/** 'a/b/flow_server.py' → 'flow_server.py'. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The display name of program `i`. */
export function programName(program: ScenarioProgram): string {
  return program.name ?? baseName(program.file ?? 'program');
}

/** The runtime a program gets: its own, else its host's, else the kind's default. */
export function programRuntime(program: ScenarioProgram, host: ScenarioHost): ScenarioRuntime {
  return program.runtime ?? host.runtime ?? (host.kind === 'board' ? 'micropython' : 'cpython');
}

/** Normalises a stdin entry. */
export function stdinLine(line: string | ScenarioStdinLine): ScenarioStdinLine {
  return typeof line === 'string' ? { text: line } : line;
}
