// `udp-lab run`: the headless runner's command line (Node). Reads the programs or the scenario,
// runs them on the simulated network under worker_threads, prints prefixed lines or --json.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseRunArgs, RUN_USAGE, UsageError, type RunArgs } from './run-args.ts';
import { scenarioFromArgs } from './run-files.ts';
import { exitStatus, PlainPrinter, toJson } from './run-output.ts';
import { runScenario } from '../runner/node.ts';
import { programName, type Scenario } from '../scenario/index.ts';
import { ScenarioError, validateScenario } from '../scenario/index.ts';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new UsageError(`cannot read ${what} ${path}: ${why}`);
  }
}

/** Loads a scenario file: JSON, validated; program paths resolved against its directory. */
export function loadScenarioFile(path: string): { scenario: Scenario; baseDir: string } {
  const text = readText(path, 'scenario');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return { scenario: validateScenario(doc, path), baseDir: dirname(resolve(path)) };
}

function prepare(args: RunArgs): { scenario: Scenario; baseDir: string; hostLabels?: readonly string[] } {
  if (args.scenario !== undefined) return loadScenarioFile(args.scenario);
  const sources = new Map<string, string>();
  for (const file of args.files)
    if (!sources.has(file.path)) sources.set(file.path, readText(file.path, 'program'));
  const stdins = new Map<string, string>();
  for (const file of args.files)
    if (file.stdin !== undefined && !stdins.has(file.stdin))
      stdins.set(file.stdin, readText(file.stdin, '--stdin file'));
  const { scenario, hostLabels } = scenarioFromArgs(args.files, sources, stdins, args.timeout);
  return { scenario: validateScenario(scenario, 'command line'), baseDir: process.cwd(), hostLabels };
}

/**
 * Runs `udp-lab run …` and resolves with the exit status: 0 all programs ended well, 1 one
 * failed, 2 a usage or scenario mistake.
 */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let args: RunArgs;
  let prepared: ReturnType<typeof prepare>;
  try {
    args = parseRunArgs(argv);
    if (args.help) {
      io.stdout(RUN_USAGE + '\n');
      return 0;
    }
    prepared = prepare(args);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ScenarioError) {
      io.stderr(`udp-lab run: ${err.message}\n`);
      if (err instanceof UsageError) io.stderr('Run "udp-lab run --help" for the options.\n');
      return 2;
    }
    throw err;
  }

  const labels = prepared.scenario.programs.map(programName);
  const printer = args.json
    ? null
    : new PlainPrinter(
        labels,
        (line) => io.stdout(line + '\n'),
        (line) => io.stderr(line + '\n'),
      );

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runScenario(prepared.scenario, {
      baseDir: prepared.baseDir,
      time: args.virtualTime ? 'virtual' : 'real',
      signal: controller.signal,
      ...(args.timeout !== undefined ? { timeout: args.timeout } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      ...(args.loss !== undefined ? { loss: args.loss } : {}),
      ...(args.lang !== undefined ? { windowsLanguage: args.lang } : {}),
      ...(printer !== null
        ? {
            onOutput: (event) => printer.output(event),
            ...(args.datagrams ? { onDatagram: (rec) => printer.datagram(rec) } : {}),
          }
        : {}),
    });
    if (printer !== null) {
      printer.flush();
      printer.summary(result);
    } else {
      io.stdout(toJson(result, prepared.hostLabels) + '\n');
    }
    return exitStatus(result);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`udp-lab run: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
