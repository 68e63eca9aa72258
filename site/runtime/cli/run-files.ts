// Turns `udp-lab run a.py --host … b.py` into a scenario: the default world (the seeds' home
// Wi-Fi "ssid"/"password" on 192.168.0.0/24, a PC at 192.168.0.3) plus one host per --host
// address and one 掌控板 per program that imports mpython. Pure: no Node.

import type { FileArg } from './run-args.ts';
import { UsageError } from './run-args.ts';
import {
  baseName,
  inLan,
  ipToInt,
  intToIp,
  type HostKind,
  type Scenario,
  type ScenarioHost,
  type ScenarioProgram,
} from '../scenario/index.ts';

/** The world every CLI run starts from. */
export const CLI_WORLD = Object.freeze({
  lan: { name: 'home', cidr: '192.168.0.0/24' },
  accessPoint: { ssid: 'ssid', password: 'password', lan: 'home' },
  /** The PC that 127.0.0.1 (the default --host) names: the seeds' PC. */
  pc: { name: 'pc', ip: '192.168.0.3' },
});

/** True if the program imports the board library (`from mpython import …` / `import mpython`). */
export function usesMpython(code: string): boolean {
  return /^[ \t]*(from[ \t]+mpython[ \t]+import\b|import[ \t]+([\w, \t]*,[ \t]*)?mpython\b)/m.test(code);
}

/** Splits a --stdin file into lines (LF or CRLF; a final newline does not add an empty line). */
export function stdinLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Display label of each program's host, for plain and JSON output: the --host value, or the board. */
export interface CliScenario {
  readonly scenario: Scenario;
  /** Per program: the host label the user knows it by ('127.0.0.1', '192.168.10.108', 'board'). */
  readonly hostLabels: readonly string[];
}

/**
 * Builds the scenario of a CLI run.
 * @param sources Program source by path (to spot mpython programs).
 * @param stdinTexts --stdin file contents by path.
 */
export function scenarioFromArgs(
  files: readonly FileArg[],
  sources: ReadonlyMap<string, string>,
  stdinTexts: ReadonlyMap<string, string>,
  timeout?: number,
): CliScenario {
  const lans = [{ ...CLI_WORLD.lan }];
  const hosts: ScenarioHost[] = [{ name: CLI_WORLD.pc.name, kind: 'pc', ip: CLI_WORLD.pc.ip }];
  const byIp = new Map<string, string>([
    ['127.0.0.1', CLI_WORLD.pc.name],
    [CLI_WORLD.pc.ip, CLI_WORLD.pc.name],
  ]);
  const programs: ScenarioProgram[] = [];
  const labels: string[] = [];
  const names = new Map<string, number>();
  let boards = 0;
  /** The system each PC runs, fixed by its first program (--os). */
  const pcSystems = new Map<string, HostKind>();

  for (const file of files) {
    const code = sources.get(file.path) ?? '';
    const board = usesMpython(code) && file.runtime !== 'cpython';
    let hostName: string;
    let label: string;
    if (board) {
      boards++;
      hostName = boards === 1 ? 'board' : `board${boards}`;
      label = hostName;
      const reserved = file.hostFresh && !file.host.startsWith('127.') ? file.host : undefined;
      if (reserved !== undefined && !inLan(reserved, CLI_WORLD.lan.cidr)) {
        throw new UsageError(
          `--host ${reserved} before ${file.path}: a board gets its address from the Wi-Fi "ssid" on ${CLI_WORLD.lan.cidr}; pick one there, e.g. 192.168.0.2`,
        );
      }
      if (reserved !== undefined && byIp.has(reserved)) {
        throw new UsageError(
          `--host ${reserved} before ${file.path}: that address is taken by another host; give the board a free one`,
        );
      }
      if (reserved !== undefined) byIp.set(reserved, hostName);
      hosts.push({ name: hostName, kind: 'board', ...(reserved !== undefined ? { ip: reserved } : {}) });
    } else {
      const ip = file.host.startsWith('127.') ? '127.0.0.1' : file.host;
      label = file.host;
      const known = byIp.get(ip);
      const kind: HostKind = file.os === 'windows' ? 'pc-windows' : 'pc';
      if (known !== undefined) {
        hostName = known;
        const spec = hosts.find((h) => h.name === known);
        if (spec?.kind === 'board') {
          throw new UsageError(
            `--host ${ip} before ${file.path} names the address of a board; PC programs need a PC address`,
          );
        }
        if (spec !== undefined) {
          const used = pcSystems.get(spec.name);
          if (used !== undefined && used !== kind) {
            throw new UsageError(
              `--os ${kind === 'pc-windows' ? 'windows' : 'linux'} before ${file.path}: the PC at ${ip} already runs ${used === 'pc-windows' ? 'Windows' : 'Linux'} for an earlier program; give this one another --host`,
            );
          }
          pcSystems.set(spec.name, kind);
          spec.kind = kind;
        }
      } else {
        const n = ipToInt(ip);
        const last = n & 255;
        if (last === 0 || last === 255)
          throw new UsageError(`--host ${ip} is a network or broadcast address; pick one from .1 to .254`);
        let lan = lans.find((l) => inLan(ip, l.cidr));
        if (lan === undefined) {
          const net = intToIp((n & 0xffffff00) >>> 0);
          lan = { name: `lan-${net.split('.').slice(0, 3).join('-')}`, cidr: `${net}/24` };
          lans.push(lan);
        }
        hostName = `pc-${ip.replace(/\./g, '-')}`;
        byIp.set(ip, hostName);
        hosts.push({ name: hostName, kind, ip, lan: lan.name });
        pcSystems.set(hostName, kind);
      }
    }
    let name = baseName(file.path);
    const seen = names.get(name) ?? 0;
    names.set(name, seen + 1);
    if (seen > 0) name = `${name}#${seen + 1}`;
    programs.push({
      file: file.path,
      name,
      host: hostName,
      ...(file.runtime !== undefined ? { runtime: file.runtime } : {}),
      ...(file.stdin !== undefined ? { stdin: stdinLines(stdinTexts.get(file.stdin) ?? '') } : {}),
    });
    labels.push(label);
  }

  return {
    scenario: {
      lans,
      accessPoints: [{ ...CLI_WORLD.accessPoint }],
      hosts,
      programs,
      ...(timeout !== undefined ? { timeout } : {}),
    },
    hostLabels: labels,
  };
}
