// Checks a scenario document (parsed JSON) against the format in format.ts and reports every
// problem at once, each with its path and what to write instead. Pure: no Node.

import { baseName, inLan, ipToInt, parseSubnet, type HostKind, type Scenario } from './format.ts';

/** Stable codes of scenario mistakes (README.md lists them). */
export type ScenarioErrorCode =
  | 'SCENARIO_ERR_TYPE'
  | 'SCENARIO_ERR_UNKNOWN_FIELD'
  | 'SCENARIO_ERR_MISSING'
  | 'SCENARIO_ERR_RANGE'
  | 'SCENARIO_ERR_DUPLICATE'
  | 'SCENARIO_ERR_UNKNOWN_REF'
  | 'SCENARIO_ERR_ADDRESS'
  | 'SCENARIO_ERR_REGEX';

/** Everything wrong with a scenario, each problem with where it is and how to fix it. */
export class ScenarioError extends Error {
  readonly code: ScenarioErrorCode;
  readonly problems: readonly { code: ScenarioErrorCode; path: string; message: string }[];

  constructor(
    problems: readonly { code: ScenarioErrorCode; path: string; message: string }[],
    source = 'scenario',
  ) {
    const first = problems[0];
    super(`${source}: ` + problems.map((p) => `${p.path}: ${p.message}`).join('\n  '));
    this.name = 'ScenarioError';
    this.code = first?.code ?? 'SCENARIO_ERR_TYPE';
    this.problems = problems;
  }
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

type Problem = { code: ScenarioErrorCode; path: string; message: string };

class Checker {
  readonly problems: Problem[] = [];

  add(code: ScenarioErrorCode, path: string, message: string): void {
    this.problems.push({ code, path, message });
  }

  object(value: unknown, path: string, allowed: readonly string[]): value is Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add('SCENARIO_ERR_TYPE', path, `must be an object, got ${describe(value)}`);
      return false;
    }
    for (const key of Object.keys(value)) {
      if (key === '$schema') continue;
      if (!allowed.includes(key)) {
        this.add(
          'SCENARIO_ERR_UNKNOWN_FIELD',
          `${path}.${key}`,
          `unknown field; allowed here: ${allowed.join(', ')}`,
        );
      }
    }
    return true;
  }

  string(obj: Record<string, unknown>, key: string, path: string, required: boolean): string | undefined {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.add('SCENARIO_ERR_MISSING', `${path}.${key}`, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add('SCENARIO_ERR_TYPE', `${path}.${key}`, `must be a string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  number(
    obj: Record<string, unknown>,
    key: string,
    path: string,
    min: number,
    max: number,
    integer = false,
  ): number | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add('SCENARIO_ERR_TYPE', `${path}.${key}`, `must be a number, got ${describe(value)}`);
      return undefined;
    }
    if (value < min || value > max || (integer && !Number.isInteger(value))) {
      this.add(
        'SCENARIO_ERR_RANGE',
        `${path}.${key}`,
        `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${value}`,
      );
      return undefined;
    }
    return value;
  }

  array(obj: Record<string, unknown>, key: string, path: string, required: boolean): unknown[] {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.add('SCENARIO_ERR_MISSING', `${path}.${key}`, 'is required (a list)');
      return [];
    }
    if (!Array.isArray(value)) {
      this.add('SCENARIO_ERR_TYPE', `${path}.${key}`, `must be a list, got ${describe(value)}`);
      return [];
    }
    return value;
  }

  oneOf<T extends string>(
    obj: Record<string, unknown>,
    key: string,
    path: string,
    options: readonly T[],
    required: boolean,
  ): T | undefined {
    const value = this.string(obj, key, path, required);
    if (value === undefined) return undefined;
    if (!(options as readonly string[]).includes(value)) {
      this.add(
        'SCENARIO_ERR_RANGE',
        `${path}.${key}`,
        `must be one of ${options.map((o) => `"${o}"`).join(', ')}, got "${value}"`,
      );
      return undefined;
    }
    return value as T;
  }

  regex(value: string | undefined, path: string): void {
    if (value === undefined) return;
    try {
      new RegExp(value);
    } catch (err) {
      this.add('SCENARIO_ERR_REGEX', path, `is not a valid regular expression (${(err as Error).message})`);
    }
  }

  ip(value: string | undefined, path: string): void {
    if (value !== undefined && ipToInt(value) < 0) {
      this.add(
        'SCENARIO_ERR_ADDRESS',
        path,
        `"${value}" is not a dotted-quad IPv4 address such as 192.168.0.3`,
      );
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value}"` : typeof value;
}

const IMPAIRMENT_KEYS = ['loss', 'delayMs', 'jitterMs', 'duplicate', 'reorder'] as const;

function checkImpairment(c: Checker, value: unknown, path: string): void {
  if (!c.object(value, path, IMPAIRMENT_KEYS)) return;
  c.number(value, 'loss', path, 0, 1);
  c.number(value, 'duplicate', path, 0, 1);
  c.number(value, 'reorder', path, 0, 1);
  c.number(value, 'delayMs', path, 0, 60_000);
  c.number(value, 'jitterMs', path, 0, 60_000);
}

/**
 * Checks a parsed scenario JSON document and returns it typed. Collects every problem before
 * throwing one ScenarioError that lists them all (path, what is wrong, what to write instead).
 * @param source Named in the error message, e.g. the file name.
 */
export function validateScenario(doc: unknown, source = 'scenario'): Scenario {
  const c = new Checker();
  const root = 'scenario';
  if (
    !c.object(doc, root, [
      'title',
      'description',
      'seed',
      'timeout',
      'lans',
      'accessPoints',
      'hosts',
      'programs',
    ])
  ) {
    throw new ScenarioError(c.problems, source);
  }
  c.string(doc, 'title', root, false);
  c.string(doc, 'description', root, false);
  c.number(doc, 'seed', root, 0, 2 ** 32 - 1, true);
  c.number(doc, 'timeout', root, 0, 24 * 3600);

  const lanCidrs = new Map<string, string>();
  c.array(doc, 'lans', root, false).forEach((lan, i) => {
    const path = `lans[${i}]`;
    if (!c.object(lan, path, ['name', 'cidr', 'dns', 'impairment'])) return;
    const name = c.string(lan, 'name', path, true);
    const cidr = c.string(lan, 'cidr', path, true);
    if (name !== undefined && !NAME_RE.test(name)) {
      c.add('SCENARIO_ERR_RANGE', `${path}.name`, `"${name}" must be 1–32 letters, digits, '-' or '_'`);
    }
    if (cidr !== undefined && parseSubnet(cidr) === null) {
      c.add(
        'SCENARIO_ERR_ADDRESS',
        `${path}.cidr`,
        `"${cidr}" must be a network address with a prefix from 8 to 30, e.g. "192.168.0.0/24"`,
      );
    }
    const dns = c.string(lan, 'dns', path, false);
    c.ip(dns, `${path}.dns`);
    if (lan.impairment !== undefined) checkImpairment(c, lan.impairment, `${path}.impairment`);
    if (name !== undefined) {
      if (lanCidrs.has(name))
        c.add('SCENARIO_ERR_DUPLICATE', `${path}.name`, `LAN "${name}" is defined twice`);
      lanCidrs.set(name, cidr ?? '');
    }
  });

  const lanRef = (name: string | undefined, path: string): void => {
    if (name !== undefined && !lanCidrs.has(name)) {
      const known = [...lanCidrs.keys()];
      c.add(
        'SCENARIO_ERR_UNKNOWN_REF',
        path,
        `no LAN named "${name}"; ${known.length ? `defined: ${known.join(', ')}` : 'add it under "lans"'}`,
      );
    }
  };

  const ssids = new Set<string>();
  c.array(doc, 'accessPoints', root, false).forEach((ap, i) => {
    const path = `accessPoints[${i}]`;
    if (!c.object(ap, path, ['ssid', 'password', 'lan', 'rssi', 'channel', 'connectMs'])) return;
    const ssid = c.string(ap, 'ssid', path, true);
    if (ssid !== undefined) {
      if (ssid.length < 1 || ssid.length > 32)
        c.add('SCENARIO_ERR_RANGE', `${path}.ssid`, 'must be 1–32 characters, as Wi-Fi allows');
      if (ssids.has(ssid)) c.add('SCENARIO_ERR_DUPLICATE', `${path}.ssid`, `SSID "${ssid}" is defined twice`);
      ssids.add(ssid);
    }
    c.string(ap, 'password', path, false);
    lanRef(c.string(ap, 'lan', path, true), `${path}.lan`);
    c.number(ap, 'rssi', path, -100, 0, true);
    c.number(ap, 'channel', path, 1, 13, true);
    c.number(ap, 'connectMs', path, 0, 60_000);
  });

  const hostKinds = new Map<string, HostKind | undefined>();
  c.array(doc, 'hosts', root, true).forEach((host, i) => {
    const path = `hosts[${i}]`;
    if (!c.object(host, path, ['name', 'kind', 'runtime', 'ip', 'lan', 'interfaces', 'wifi'])) return;
    const name = c.string(host, 'name', path, true);
    const kind = c.oneOf(host, 'kind', path, ['pc', 'vvboard', 'board'] as const, true);
    c.oneOf(host, 'runtime', path, ['cpython', 'micropython'] as const, false);
    if (name !== undefined) {
      if (!NAME_RE.test(name))
        c.add('SCENARIO_ERR_RANGE', `${path}.name`, `"${name}" must be 1–32 letters, digits, '-' or '_'`);
      if (hostKinds.has(name.toLowerCase()))
        c.add('SCENARIO_ERR_DUPLICATE', `${path}.name`, `host "${name}" is defined twice`);
      hostKinds.set(name.toLowerCase(), kind);
    }
    const ip = c.string(host, 'ip', path, false);
    const lan = c.string(host, 'lan', path, false);
    c.ip(ip, `${path}.ip`);
    lanRef(lan, `${path}.lan`);
    const interfaces = c.array(host, 'interfaces', path, false);
    if (kind === 'board' && (lan !== undefined || interfaces.length > 0)) {
      c.add(
        'SCENARIO_ERR_RANGE',
        path,
        'a board joins LANs only through Wi-Fi (connectWiFi); drop "lan"/"interfaces" and list an access point instead',
      );
    }
    if (kind === 'board' && host.wifi !== undefined) {
      c.add(
        'SCENARIO_ERR_RANGE',
        `${path}.wifi`,
        'a board joins Wi-Fi from its program (connectWiFi); "wifi" is for pc / vvboard hosts',
      );
    }
    if (interfaces.length > 0 && (ip !== undefined || lan !== undefined)) {
      c.add('SCENARIO_ERR_RANGE', path, 'use either "ip"/"lan" or "interfaces", not both');
    }
    if (kind !== 'board' && ip !== undefined && lan === undefined && ipToInt(ip) >= 0) {
      const owners = [...lanCidrs].filter(([, cidr]) => inLan(ip, cidr));
      if (owners.length === 0)
        c.add(
          'SCENARIO_ERR_ADDRESS',
          `${path}.ip`,
          `${ip} is in no LAN's subnet; add a LAN whose cidr holds it, or name one with "lan"`,
        );
    }
    if (
      lan !== undefined &&
      ip !== undefined &&
      lanCidrs.has(lan) &&
      !inLan(ip, lanCidrs.get(lan) as string)
    ) {
      c.add(
        'SCENARIO_ERR_ADDRESS',
        `${path}.ip`,
        `${ip} is not a host address of LAN "${lan}" (${lanCidrs.get(lan)})`,
      );
    }
    interfaces.forEach((iface, j) => {
      const ipath = `${path}.interfaces[${j}]`;
      if (!c.object(iface, ipath, ['lan', 'ip'])) return;
      const ilan = c.string(iface, 'lan', ipath, true);
      const iip = c.string(iface, 'ip', ipath, false);
      lanRef(ilan, `${ipath}.lan`);
      c.ip(iip, `${ipath}.ip`);
      if (
        ilan !== undefined &&
        iip !== undefined &&
        lanCidrs.has(ilan) &&
        !inLan(iip, lanCidrs.get(ilan) as string)
      ) {
        c.add(
          'SCENARIO_ERR_ADDRESS',
          `${ipath}.ip`,
          `${iip} is not a host address of LAN "${ilan}" (${lanCidrs.get(ilan)})`,
        );
      }
    });
    if (host.wifi !== undefined && c.object(host.wifi, `${path}.wifi`, ['ssid', 'password'])) {
      c.string(host.wifi, 'ssid', `${path}.wifi`, true);
      c.string(host.wifi, 'password', `${path}.wifi`, false);
    }
  });

  const programNames = new Set<string>();
  const programs = c.array(doc, 'programs', root, true);
  if (Array.isArray(doc.programs) && programs.length === 0)
    c.add('SCENARIO_ERR_MISSING', 'programs', 'needs at least one program');
  programs.forEach((program, i) => {
    const path = `programs[${i}]`;
    if (!c.object(program, path, ['file', 'code', 'name', 'host', 'runtime', 'stdin', 'start'])) return;
    const file = c.string(program, 'file', path, false);
    const code = c.string(program, 'code', path, false);
    let name = c.string(program, 'name', path, false);
    if ((file === undefined) === (code === undefined)) {
      c.add(
        'SCENARIO_ERR_MISSING',
        path,
        'needs exactly one of "file" (a path relative to the scenario) and "code"',
      );
    }
    if (code !== undefined && name === undefined)
      c.add('SCENARIO_ERR_MISSING', `${path}.name`, 'is required with "code"');
    name ??= file !== undefined ? baseName(file) : undefined;
    if (name !== undefined) {
      if (programNames.has(name))
        c.add(
          'SCENARIO_ERR_DUPLICATE',
          `${path}.name`,
          `two programs are called "${name}"; give one a "name"`,
        );
      programNames.add(name);
    }
    const host = c.string(program, 'host', path, true);
    if (host !== undefined && !hostKinds.has(host.toLowerCase())) {
      c.add(
        'SCENARIO_ERR_UNKNOWN_REF',
        `${path}.host`,
        `no host named "${host}"; defined: ${[...hostKinds.keys()].join(', ') || 'none'}`,
      );
    }
    c.oneOf(program, 'runtime', path, ['cpython', 'micropython'] as const, false);
    c.array(program, 'stdin', path, false).forEach((line, j) => {
      const lpath = `${path}.stdin[${j}]`;
      if (typeof line === 'string') return;
      if (!c.object(line, lpath, ['text', 'delayMs', 'waitFor'])) return;
      c.string(line, 'text', lpath, true);
      c.number(line, 'delayMs', lpath, 0, 3_600_000);
      c.regex(c.string(line, 'waitFor', lpath, false), `${lpath}.waitFor`);
    });
    if (
      program.start !== undefined &&
      c.object(program.start, `${path}.start`, ['after', 'output', 'delayMs'])
    ) {
      const after = c.string(program.start, 'after', `${path}.start`, false);
      if (after !== undefined && (!programNames.has(after) || after === name)) {
        c.add(
          'SCENARIO_ERR_UNKNOWN_REF',
          `${path}.start.after`,
          `no earlier program named "${after}" (a program can wait only for one listed before it)`,
        );
      }
      c.regex(c.string(program.start, 'output', `${path}.start`, false), `${path}.start.output`);
      c.number(program.start, 'delayMs', `${path}.start`, 0, 3_600_000);
      if (i === 0 && after === undefined && program.start.output !== undefined) {
        c.add(
          'SCENARIO_ERR_MISSING',
          `${path}.start.after`,
          'the first program has no previous one to wait for; name one with "after"',
        );
      }
    }
  });

  if (c.problems.length > 0) throw new ScenarioError(c.problems, source);
  return doc as unknown as Scenario;
}
