// Parses `udp-lab check` arguments. Every mistake gets a message that says what to write instead.
// Pure: no Node.

import { UsageError } from './run-args.ts';
import type { Lang } from '../exercise/index.ts';

export { UsageError };

/** The usage text of `udp-lab check`. */
export const CHECK_USAGE = `Usage: udp-lab check [options] EXERCISE FILE.py ...
       udp-lab check --list [--json]

Checks your program(s) against an exercise: runs the exercise's scenario with
your files and our reference programs on each of its seeds (virtual time), and
judges what your program did on the network. Give one FILE.py per program the
exercise asks for, in the order --list shows.

Options:
  --list              list every exercise with its lesson
  --json              print one JSON document (the verdict, or the list)
  --seed N            run only this seed (default: every seed of the exercise)
  --lang L            zh or en (default: zh when $LANG starts with zh, else en);
                      also the display language of the exercise's Windows PCs
  -h, --help          this text

Exit status: 0 every check passed, 1 a check failed, 2 a usage mistake.`;

export interface CheckArgs {
  readonly help: boolean;
  readonly list: boolean;
  readonly json: boolean;
  readonly seed?: number;
  readonly lang: Lang;
  readonly exercise?: string;
  readonly files: readonly string[];
}

/** Parses the arguments after `check`. `envLang` is $LANG. Throws UsageError. */
export function parseCheckArgs(argv: readonly string[], envLang = ''): CheckArgs {
  let help = false;
  let list = false;
  let json = false;
  let seed: number | undefined;
  let lang: Lang = /^zh/i.test(envLang) ? 'zh' : 'en';
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined)
        throw new UsageError(`${name} needs a value, e.g. ${name === '--seed' ? '--seed 2' : '--lang zh'}`);
      return next;
    };
    if (name === '--help' || name === '-h') help = true;
    else if (name === '--list') list = true;
    else if (name === '--json') json = true;
    else if (name === '--seed') {
      const raw = value();
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > 2 ** 32 - 1)
        throw new UsageError(`--seed needs a whole number from 0 to 4294967295, got "${raw}"`);
      seed = n;
    } else if (name === '--lang') {
      const raw = value();
      if (raw !== 'zh' && raw !== 'en') throw new UsageError(`--lang is zh or en, got "${raw}"`);
      lang = raw;
    } else
      throw new UsageError(`unknown option ${name}; the options are --list, --json, --seed, --lang, --help`);
  }
  if (help) return { help, list, json, lang, files: [] };
  if (list) {
    if (operands.length > 0) throw new UsageError(`--list takes no exercise or files; drop "${operands[0]}"`);
    if (seed !== undefined) throw new UsageError('--seed is for checking files, not for --list');
    return { help, list, json, lang, files: [] };
  }
  const [exercise, ...files] = operands;
  if (exercise === undefined)
    throw new UsageError(
      'name an exercise and your file(s): udp-lab check EXERCISE FILE.py (udp-lab check --list shows the exercises)',
    );
  if (/\.py$/i.test(exercise))
    throw new UsageError(
      `the exercise comes first, then the files: udp-lab check EXERCISE ${exercise} (udp-lab check --list shows the exercises)`,
    );
  for (const f of files)
    if (!/\.py$/i.test(f))
      throw new UsageError(`"${f}" is not a .py file; give your program files after the exercise`);
  return { help, list, json, lang, exercise, files, ...(seed !== undefined ? { seed } : {}) };
}
