// The flags of `udp-lab serve`: one table gives each flag, its environment twin, its default and its help line.
import { parseArgs } from 'node:util';
import { DEFAULTS, LOG_LEVELS, parseCidr } from '../relay/index.ts';
import type { LogLevel, RelayOptions } from '../relay/index.ts';

export type FlagKind = 'string' | 'boolean' | 'int' | 'seconds' | 'list' | 'range';
export type FlagSpec = {
  flag: string;
  env: string;
  kind: FlagKind;
  key: string;
  arg?: string;
  def: string;
  help: string;
};

export const FLAGS: ReadonlyArray<FlagSpec> = [
  {
    flag: 'lan',
    env: 'UDP_LAB_LAN',
    kind: 'boolean',
    key: 'lan',
    def: 'off',
    help: 'Listen on the LAN interface and print a join link and its QR code',
  },
  {
    flag: 'host',
    env: 'UDP_LAB_HOST',
    kind: 'string',
    key: 'host',
    arg: 'addr',
    def: `${DEFAULTS.host}; with --lan the LAN address`,
    help: 'Address the course and relay listen on',
  },
  {
    flag: 'port',
    env: 'UDP_LAB_PORT',
    kind: 'int',
    key: 'port',
    arg: 'n',
    def: String(DEFAULTS.port),
    help: 'Port to listen on, 0 for any free one',
  },
  {
    flag: 'root',
    env: 'UDP_LAB_ROOT',
    kind: 'string',
    key: 'root',
    arg: 'dir',
    def: 'dist/',
    help: 'Folder of the built course',
  },
  {
    flag: 'interface',
    env: 'UDP_LAB_INTERFACE',
    kind: 'string',
    key: 'interface',
    arg: 'name',
    def: 'first non-loopback IPv4 interface',
    help: 'LAN interface whose subnet learners may reach',
  },
  {
    flag: 'token',
    env: 'UDP_LAB_TOKEN',
    kind: 'string',
    key: 'token',
    arg: 'text',
    def: 'random, 128 bits',
    help: 'Class token learners need (it goes in the join link). Prefer the variable: a flag is visible to every user of this computer',
  },
  {
    flag: 'admin-token',
    env: 'UDP_LAB_ADMIN_TOKEN',
    kind: 'string',
    key: 'adminToken',
    arg: 'text',
    def: 'random, 128 bits',
    help: 'Token of the /admin dashboard. Prefer the variable: a flag is visible to every user of this computer',
  },
  {
    flag: 'allow',
    env: 'UDP_LAB_ALLOW',
    kind: 'list',
    key: 'allow',
    arg: 'cidr',
    def: 'none',
    help: 'Also allow destinations in this range; repeatable. A range inside link-local or multicast opts that part in',
  },
  {
    flag: 'allow-loopback',
    env: 'UDP_LAB_ALLOW_LOOPBACK',
    kind: 'boolean',
    key: 'allowLoopback',
    def: 'off',
    help: 'Allow 127.0.0.0/8 and ::1 (programs on the relay host)',
  },
  {
    flag: 'allow-broadcast',
    env: 'UDP_LAB_ALLOW_BROADCAST',
    kind: 'boolean',
    key: 'allowBroadcast',
    def: 'off',
    help: 'Allow 255.255.255.255 and the subnet broadcast address',
  },
  {
    flag: 'allow-low-ports',
    env: 'UDP_LAB_ALLOW_LOW_PORTS',
    kind: 'boolean',
    key: 'allowLowPorts',
    def: 'off',
    help: 'Allow destination ports below 1024',
  },
  {
    flag: 'allow-self',
    env: 'UDP_LAB_ALLOW_SELF',
    kind: 'boolean',
    key: 'allowSelf',
    def: 'off',
    help: "Allow the relay host's own addresses at ports the relay does not hold",
  },
  {
    flag: 'traffic-preview',
    env: 'UDP_LAB_TRAFFIC_PREVIEW',
    kind: 'boolean',
    key: 'trafficPreview',
    def: 'off',
    help: `Start the dashboard's traffic view with the preview of each datagram's first ${DEFAULTS.trafficPreviewBytes} bytes on (learners' pages say so)`,
  },
  {
    flag: 'traffic-ring',
    env: 'UDP_LAB_TRAFFIC_RING',
    kind: 'int',
    key: 'trafficRingSize',
    arg: 'n',
    def: String(DEFAULTS.trafficRingSize),
    help: "Datagrams the dashboard's traffic view keeps in memory (the oldest are overwritten)",
  },
  {
    flag: 'allow-origin',
    env: 'UDP_LAB_ALLOW_ORIGIN',
    kind: 'list',
    key: 'allowOrigins',
    arg: 'origin',
    def: "the relay's own",
    help: 'Also accept WebSocket connections from pages of this origin; repeatable',
  },
  {
    flag: 'allow-host',
    env: 'UDP_LAB_ALLOW_HOST',
    kind: 'list',
    key: 'allowHosts',
    arg: 'name',
    def: 'the listen and public addresses, localhost',
    help: 'Also answer to this host name (e.g. teacher-pc.local; a :port after it is ignored); other names are refused against DNS rebinding; repeatable',
  },
  {
    flag: 'udp-host',
    env: 'UDP_LAB_UDP_HOST',
    kind: 'string',
    key: 'udpHost',
    arg: 'addr',
    def: DEFAULTS.udpHost,
    help: "Address learners' real UDP sockets bind to",
  },
  {
    flag: 'public-address',
    env: 'UDP_LAB_PUBLIC_ADDRESS',
    kind: 'string',
    key: 'publicAddress',
    arg: 'addr',
    def: 'the LAN address',
    help: 'Address shown to learners as where their ports are reachable',
  },
  {
    flag: 'port-range',
    env: 'UDP_LAB_PORT_RANGE',
    kind: 'range',
    key: 'portRange',
    arg: 'lo-hi',
    def: DEFAULTS.portRange.join('-'),
    help: "Ports used when a learner's port is taken",
  },
  {
    flag: 'max-datagram',
    env: 'UDP_LAB_MAX_DATAGRAM',
    kind: 'int',
    key: 'maxDatagram',
    arg: 'bytes',
    def: String(DEFAULTS.maxDatagram),
    help: 'Largest datagram payload',
  },
  {
    flag: 'max-sessions-per-token',
    env: 'UDP_LAB_MAX_SESSIONS_PER_TOKEN',
    kind: 'int',
    key: 'maxSessionsPerToken',
    arg: 'n',
    def: String(DEFAULTS.maxSessionsPerToken),
    help: 'Sessions open with the class token',
  },
  {
    flag: 'max-sessions-per-address',
    env: 'UDP_LAB_MAX_SESSIONS_PER_ADDRESS',
    kind: 'int',
    key: 'maxSessionsPerAddress',
    arg: 'n',
    def: String(DEFAULTS.maxSessionsPerAddress),
    help: 'Sessions open from one client address',
  },
  {
    flag: 'max-connections-per-address',
    env: 'UDP_LAB_MAX_CONNECTIONS_PER_ADDRESS',
    kind: 'int',
    key: 'maxConnectionsPerAddress',
    arg: 'n',
    def: String(DEFAULTS.maxConnectionsPerAddress),
    help: 'TCP connections (pages and relay sessions) open from one client address',
  },
  {
    flag: 'auth-failures-allowed',
    env: 'UDP_LAB_AUTH_FAILURES_ALLOWED',
    kind: 'int',
    key: 'authFailuresAllowed',
    arg: 'n',
    def: String(DEFAULTS.authFailuresAllowed),
    help: 'Wrong class or admin tokens from one client address before it must wait (1 s, doubling to 60 s); raise it when a room shares one NAT address',
  },
  {
    flag: 'max-report-names-per-address',
    env: 'UDP_LAB_MAX_REPORT_NAMES_PER_ADDRESS',
    kind: 'int',
    key: 'maxReportNamesPerAddress',
    arg: 'n',
    def: String(DEFAULTS.maxReportNamesPerAddress),
    help: "Learners' names (rows of the class report) one client address may create; raise it when a room shares one NAT address",
  },
  {
    flag: 'max-sockets',
    env: 'UDP_LAB_MAX_SOCKETS',
    kind: 'int',
    key: 'maxSocketsPerSession',
    arg: 'n',
    def: String(DEFAULTS.maxSocketsPerSession),
    help: 'Sockets per session',
  },
  {
    flag: 'max-pps',
    env: 'UDP_LAB_MAX_PPS',
    kind: 'int',
    key: 'packetsPerSecond',
    arg: 'n',
    def: String(DEFAULTS.packetsPerSecond),
    help: 'Datagrams per second a session may send',
  },
  {
    flag: 'max-bps',
    env: 'UDP_LAB_MAX_BPS',
    kind: 'int',
    key: 'bytesPerSecond',
    arg: 'n',
    def: String(DEFAULTS.bytesPerSecond),
    help: 'Payload bytes per second a session may send',
  },
  {
    flag: 'max-destinations',
    env: 'UDP_LAB_MAX_DESTINATIONS',
    kind: 'int',
    key: 'maxDestinations',
    arg: 'n',
    def: String(DEFAULTS.maxDestinations),
    help: 'Distinct (address, port) destinations per session',
  },
  {
    flag: 'address-max-pps',
    env: 'UDP_LAB_ADDRESS_MAX_PPS',
    kind: 'int',
    key: 'addressPacketsPerSecond',
    arg: 'n',
    def: String(DEFAULTS.addressPacketsPerSecond),
    help: 'Datagrams per second all sessions of one client address may send together',
  },
  {
    flag: 'address-max-bps',
    env: 'UDP_LAB_ADDRESS_MAX_BPS',
    kind: 'int',
    key: 'addressBytesPerSecond',
    arg: 'n',
    def: String(DEFAULTS.addressBytesPerSecond),
    help: 'Payload bytes per second all sessions of one client address may send together',
  },
  {
    flag: 'max-ports-per-address',
    env: 'UDP_LAB_MAX_PORTS_PER_ADDRESS',
    kind: 'int',
    key: 'maxPortsPerAddress',
    arg: 'n',
    def: String(DEFAULTS.maxPortsPerAddress),
    help: 'Real ports all sessions of one client address may hold together',
  },
  {
    flag: 'max-ports-per-token',
    env: 'UDP_LAB_MAX_PORTS_PER_TOKEN',
    kind: 'int',
    key: 'maxPortsPerToken',
    arg: 'n',
    def: String(DEFAULTS.maxPortsPerToken),
    help: 'Real ports the whole class (the class token) may hold',
  },
  {
    flag: 'relay-max-pps',
    env: 'UDP_LAB_RELAY_MAX_PPS',
    kind: 'int',
    key: 'relayPacketsPerSecond',
    arg: 'n',
    def: String(DEFAULTS.relayPacketsPerSecond),
    help: 'Datagrams per second the whole relay sends',
  },
  {
    flag: 'relay-max-bps',
    env: 'UDP_LAB_RELAY_MAX_BPS',
    kind: 'int',
    key: 'relayBytesPerSecond',
    arg: 'n',
    def: String(DEFAULTS.relayBytesPerSecond),
    help: 'Payload bytes per second the whole relay sends',
  },
  {
    flag: 'session-idle',
    env: 'UDP_LAB_SESSION_IDLE',
    kind: 'seconds',
    key: 'sessionIdleMs',
    arg: 's',
    def: String(DEFAULTS.sessionIdleMs / 1000),
    help: 'Close a session idle this long',
  },
  {
    flag: 'socket-idle',
    env: 'UDP_LAB_SOCKET_IDLE',
    kind: 'seconds',
    key: 'socketIdleMs',
    arg: 's',
    def: String(DEFAULTS.socketIdleMs / 1000),
    help: 'Close a socket idle this long',
  },
  {
    flag: 'tls',
    env: 'UDP_LAB_TLS',
    kind: 'boolean',
    key: 'tls',
    def: 'on with --lan, else off',
    help: 'Serve https (and wss:) so that pages opened from other computers can run Python (SharedArrayBuffer needs a secure context)',
  },
  {
    flag: 'no-tls',
    env: 'UDP_LAB_NO_TLS',
    kind: 'boolean',
    key: 'noTls',
    def: 'off',
    help: 'Serve plain http even with --lan (learners on other computers then cannot run Python)',
  },
  {
    flag: 'tls-cert',
    env: 'UDP_LAB_TLS_CERT',
    kind: 'string',
    key: 'tlsCert',
    arg: 'file',
    def: 'a self-signed one, kept in ~/.udp-lab/tls/',
    help: 'Certificate (PEM) to serve https with, e.g. one the school provides; needs --tls-key',
  },
  {
    flag: 'tls-key',
    env: 'UDP_LAB_TLS_KEY',
    kind: 'string',
    key: 'tlsKey',
    arg: 'file',
    def: 'the self-signed one',
    help: 'Private key (PEM) of --tls-cert',
  },
  {
    flag: 'no-qr',
    env: 'UDP_LAB_NO_QR',
    kind: 'boolean',
    key: 'noQr',
    def: 'off',
    help: 'Do not print the QR code of the join link',
  },
  {
    flag: 'log-level',
    env: 'UDP_LAB_LOG_LEVEL',
    kind: 'string',
    key: 'logLevel',
    arg: 'level',
    def: 'info',
    help: `JSON log lines at this level and above: ${LOG_LEVELS.join(', ')}`,
  },
];

/** The help text of `udp-lab serve`, generated from FLAGS. */
export function helpText() {
  const lines = FLAGS.map((f) => {
    const left = `  --${f.flag}${f.arg ? ` <${f.arg}>` : ''}`;
    return `${left.length < 34 ? left.padEnd(34) : `${left}\n${''.padEnd(34)}`}${f.help}.\n${''.padEnd(34)}env ${f.env}${f.kind === 'list' ? ' (comma-separated)' : ''}; default ${f.def}`;
  });
  return `Usage: udp-lab serve [options]

Serves the built course (run "npm run build" first) and the classroom relay on one port,
with the headers that make SharedArrayBuffer available. Without --lan it listens on
localhost only. Every flag can also be set by its environment variable; a flag wins.

Options:
${lines.join('\n')}
  -h, --help                      Show this help`;
}

/** What `parseFlags` gives: the relay's options a flag or variable set, and the command's own. */
export type ParsedFlags = Partial<RelayOptions> & {
  help: boolean;
  lan?: boolean;
  interface?: string;
  root?: string;
  tls?: boolean;
  noTls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  noQr?: boolean;
  logLevel?: LogLevel;
};

/**
 * Parses flags, falling back on environment variables. Unset values are left out.
 * @throws with a message naming the flag and what it accepts.
 */
export function parseFlags(argv: string[], env: Record<string, string | undefined>): ParsedFlags {
  const options: NonNullable<Parameters<typeof parseArgs>[0]>['options'] = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const f of FLAGS)
    options[f.flag] = {
      type: f.kind === 'boolean' ? 'boolean' : 'string',
      ...(f.kind === 'list' ? { multiple: true } : {}),
    };
  const { values } = parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  const out: Record<string, unknown> = { help: values.help === true };
  for (const f of FLAGS) {
    const fromFlag = values[f.flag];
    const raw = fromFlag !== undefined ? fromFlag : env[f.env];
    if (raw === undefined || raw === '') continue;
    const where = fromFlag !== undefined ? `--${f.flag}` : f.env;
    out[f.key] = convert(f, raw as string | boolean | string[], where);
  }
  // Each key's value has its flag's kind (convert), which is the option's type.
  return out as ParsedFlags;
}

function convert(f: FlagSpec, raw: string | boolean | string[], where: string) {
  switch (f.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (/^(1|true|yes|on)$/i.test(String(raw))) return true;
      if (/^(0|false|no|off)$/i.test(String(raw))) return false;
      throw new TypeError(`${where} must be true or false (1/0, yes/no), got "${raw}"`);
    case 'string':
      if (f.key === 'logLevel' && !(LOG_LEVELS as readonly string[]).includes(String(raw)))
        throw new TypeError(`${where} must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
      return String(raw);
    case 'int': {
      const n = Number(raw);
      const min = f.key === 'port' ? 0 : 1;
      if (!/^\d+$/.test(String(raw)) || n < min || (f.key === 'port' && n > 65535))
        throw new TypeError(
          `${where} must be a whole number${f.key === 'port' ? ' from 0 to 65535' : ' of 1 or more'}, got "${raw}"`,
        );
      return n;
    }
    case 'seconds': {
      const n = Number(raw);
      if (!(n > 0)) throw new TypeError(`${where} must be a number of seconds above 0, got "${raw}"`);
      return Math.round(n * 1000);
    }
    case 'list': {
      const items = (Array.isArray(raw) ? raw : [String(raw)])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean);
      if (f.key === 'allow') items.forEach((c) => parseCidr(c)); // throws with an example of a CIDR
      return items;
    }
    case 'range': {
      const m = /^(\d{4,5})-(\d{4,5})$/.exec(String(raw));
      const lo = Number(m?.[1]);
      const hi = Number(m?.[2]);
      if (!m || lo < 1024 || hi > 65535 || lo > hi)
        throw new TypeError(`${where} must be two ports from 1024 to 65535 like 50000-50999, got "${raw}"`);
      return [lo, hi];
    }
  }
}
