// Parses `udp-lab run` arguments into global options plus a list of program files, each with the
// --host / --runtime / --stdin in force where it appears. Every mistake gets a message that says
// what to write instead. Tokenised by Node's `util.parseArgs` (non-strict, with tokens, so that the
// order of per-file options and files is kept); every rule and message is this file's.

import { parseArgs } from 'node:util';
import type { ScenarioRuntime } from '../scenario/index.ts';
import { ipToInt } from '../scenario/index.ts';

/** The usage text of `udp-lab run`. */
export const RUN_USAGE = `Usage: udp-lab run [options] [--host IP] [--os OS] [--runtime R] [--stdin FILE] FILE.py ...
       udp-lab run [options] SCENARIO.json

Runs Python programs on the simulated UDP network, each in its own interpreter.
Programs start in the order given, each once the previous one waits (recvfrom,
input, sleep) or has ended. The run ends when all have ended, or at --timeout,
when each still running gets KeyboardInterrupt.

Options:
  --json              print one JSON document instead of prefixed lines
  --seed N            seed for loss and ephemeral ports (default 1)
  --loss P            drop each datagram on every LAN with probability P (0-1)
  --timeout S         seconds after the last program started (default 30; 0 = none)
  --virtual-time      simulated time: sleeps take no real time, runs are exact
  --no-datagrams      plain output without the [udp] lines
  --lang L            zh or en: the display language of Windows PCs, whose
                      [WinError …] texts are Chinese (default) or English
  -h, --help          this text

Per file (they apply to every FILE.py after them):
  --host IP           the PC the programs run on (default 127.0.0.1: the PC at
                      192.168.0.3 on the home LAN 192.168.0.0/24). Programs with
                      the same --host share that PC; a new address makes a new PC.
                      Right before a board program: the address its Wi-Fi
                      gets (default: DHCP from 192.168.0.2).
  --os OS             linux (default) or windows: the PC imitates CPython on
                      that system (Windows: [WinError 10054] after a datagram
                      to a closed port, SO_EXCLUSIVEADDRUSE, ports from 49152,
                      Ctrl-C only when recvfrom returns). Programs on one PC
                      share its system. Ignored for board programs.
  --runtime R         cpython or micropython (default cpython; a file that
                      imports mpython runs on its own 掌控板 with micropython)
  --stdin FILE        lines typed into input(), one per line, echoed

The board's Wi-Fi: SSID "ssid", password "password", router 192.168.0.1.`;

/** A usage mistake: the CLI prints the message and exits with status 2. */
export class UsageError extends Error {
  readonly code = 'RUNNER_ERR_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A program file with the per-file options in force where it was named. */
export interface FileArg {
  readonly path: string;
  /** --host as given ('127.0.0.1' by default). */
  readonly host: string;
  /** True when --host was given before this file. */
  readonly hostGiven: boolean;
  /** True when --host was given after the previous file, i.e. right for this one. */
  readonly hostFresh: boolean;
  /** --os, if given: the system of the PC the program runs on. */
  readonly os?: 'linux' | 'windows';
  /** --runtime, if given. */
  readonly runtime?: ScenarioRuntime;
  /** --stdin file path, if given. */
  readonly stdin?: string;
}

/** Parsed `udp-lab run` arguments. */
export interface RunArgs {
  readonly help: boolean;
  readonly json: boolean;
  readonly seed?: number;
  readonly loss?: number;
  readonly timeout?: number;
  readonly virtualTime: boolean;
  readonly datagrams: boolean;
  /** --lang: the display language of Windows PCs. */
  readonly lang?: 'zh' | 'en';
  /** Set when the only operand is a .json scenario. */
  readonly scenario?: string;
  readonly files: readonly FileArg[];
}

const GLOBAL_FLAGS = ['--json', '--virtual-time', '--no-datagrams', '--help', '-h'];
const VALUE_OPTIONS = ['--seed', '--loss', '--timeout', '--lang', '--host', '--os', '--runtime', '--stdin'];

/** What parseArgs needs to know: which options take a value (the rest are flags). */
const PARSE_OPTIONS = {
  json: { type: 'boolean' },
  'virtual-time': { type: 'boolean' },
  'no-datagrams': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  seed: { type: 'string' },
  loss: { type: 'string' },
  timeout: { type: 'string' },
  lang: { type: 'string' },
  host: { type: 'string' },
  os: { type: 'string' },
  runtime: { type: 'string' },
  stdin: { type: 'string' },
} as const;

function number(option: string, raw: string, min: number, max: number, integer: boolean): number {
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new UsageError(`${option} needs ${kind} from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Parses the arguments after `run`. Throws UsageError. */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  let help = false;
  let json = false;
  let virtualTime = false;
  let datagrams = true;
  let seed: number | undefined;
  let loss: number | undefined;
  let timeout: number | undefined;
  let host = '127.0.0.1';
  let hostGiven = false;
  let hostFresh = false;
  let runtime: ScenarioRuntime | undefined;
  let os: 'linux' | 'windows' | undefined;
  let lang: 'zh' | 'en' | undefined;
  let stdin: string | undefined;
  let pendingPerFile: string | null = null;
  let scenario: string | undefined;
  const files: FileArg[] = [];

  const { tokens } = parseArgs({
    args: [...argv],
    options: PARSE_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      throw new UsageError('"--" is not supported; name files that start with "-" as ./-file.py');
    }
    if (token.kind === 'option') {
      // What was typed: parseArgs splits "-abc" into -a -b -c, and "--name=value" into name and value.
      const raw = argv[token.index] as string;
      const eq = raw.indexOf('=');
      const name = eq > 0 ? raw.slice(0, eq) : raw;
      if (GLOBAL_FLAGS.includes(name)) {
        if (eq > 0) throw new UsageError(`${name} takes no value`);
        if (name === '--json') json = true;
        else if (name === '--virtual-time') virtualTime = true;
        else if (name === '--no-datagrams') datagrams = false;
        else help = true;
        continue;
      }
      if (!VALUE_OPTIONS.includes(name)) {
        const known = [...GLOBAL_FLAGS, ...VALUE_OPTIONS].filter((o) => o !== '-h');
        throw new UsageError(`unknown option ${name}; the options are ${known.join(', ')}`);
      }
      const value = token.value;
      if (value === undefined || (!token.inlineValue && value.startsWith('--') && value.length > 2))
        throw new UsageError(`${name} needs a value, e.g. ${example(name)}`);
      switch (name) {
        case '--seed':
          seed = number(name, value, 0, 2 ** 32 - 1, true);
          break;
        case '--loss':
          loss = number(name, value, 0, 1, false);
          break;
        case '--timeout':
          timeout = number(name, value, 0, 24 * 3600, false);
          break;
        case '--host':
          if (value !== 'localhost' && ipToInt(value) < 0)
            throw new UsageError(`--host needs an IPv4 address such as 192.168.0.3, got "${value}"`);
          host = value === 'localhost' ? '127.0.0.1' : value;
          hostGiven = true;
          hostFresh = true;
          pendingPerFile = name;
          break;
        case '--lang':
          if (value !== 'zh' && value !== 'en')
            throw new UsageError(
              `--lang is zh or en (the language of a Windows PC's messages), got "${value}"`,
            );
          lang = value;
          break;
        case '--os':
          if (value !== 'linux' && value !== 'windows')
            throw new UsageError(`--os is linux or windows, got "${value}"`);
          os = value;
          pendingPerFile = name;
          break;
        case '--runtime':
          if (value !== 'cpython' && value !== 'micropython')
            throw new UsageError(`--runtime is cpython or micropython, got "${value}"`);
          runtime = value;
          pendingPerFile = name;
          break;
        case '--stdin':
          stdin = value;
          pendingPerFile = name;
          break;
      }
      continue;
    }
    const arg = token.value;
    if (/\.json$/i.test(arg)) {
      if (scenario !== undefined || files.length > 0)
        throw new UsageError(
          `a scenario file (${arg}) runs on its own; give either one .json scenario or .py files`,
        );
      scenario = arg;
      continue;
    }
    if (!/\.py$/i.test(arg)) throw new UsageError(`"${arg}" is neither a .py program nor a .json scenario`);
    if (scenario !== undefined)
      throw new UsageError(
        `a scenario file (${scenario}) runs on its own; give either one .json scenario or .py files`,
      );
    files.push({
      path: arg,
      host,
      hostGiven,
      hostFresh,
      ...(runtime !== undefined ? { runtime } : {}),
      ...(os !== undefined ? { os } : {}),
      ...(stdin !== undefined ? { stdin } : {}),
    });
    pendingPerFile = null;
    hostFresh = false;
  }

  if (!help) {
    if (scenario === undefined && files.length === 0)
      throw new UsageError('name at least one FILE.py (or a SCENARIO.json) to run');
    if (
      scenario !== undefined &&
      (hostGiven || runtime !== undefined || stdin !== undefined || os !== undefined)
    ) {
      throw new UsageError(
        '--host, --os, --runtime and --stdin are for .py files; a scenario sets hosts (kind "pc-windows" for Windows), runtimes and stdin itself',
      );
    }
    if (pendingPerFile !== null)
      throw new UsageError(
        `${pendingPerFile} applies to the files after it, but no file follows; put it before a FILE.py`,
      );
  }
  return {
    help,
    json,
    virtualTime,
    datagrams,
    files,
    ...(seed !== undefined ? { seed } : {}),
    ...(loss !== undefined ? { loss } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(lang !== undefined ? { lang } : {}),
    ...(scenario !== undefined ? { scenario } : {}),
  };
}

function example(option: string): string {
  switch (option) {
    case '--seed':
      return '--seed 42';
    case '--loss':
      return '--loss 0.2';
    case '--timeout':
      return '--timeout 10';
    case '--host':
      return '--host 192.168.0.3';
    case '--runtime':
      return '--runtime micropython';
    case '--os':
      return '--os windows';
    case '--lang':
      return '--lang en';
    default:
      return '--stdin lines.txt';
  }
}
