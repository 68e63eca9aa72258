// Test support for the Python runtime: a small real-time network and a way to run programs on it
// and watch their terminals (real interpreters, no mocks).
import { createNetwork } from '../../netsim/index.ts';
import { RealClock } from '../real-clock.ts';
import type { Host, Kernel, Network, PythonProcess, RuntimeName, StartProgramOptions } from '../types.ts';

/** Two PCs and two boards on 192.168.0.0/24 (pc1 .2, pc2 .3, board1 .4, board2 .5). */
export interface TestWorld {
  readonly network: Network;
  readonly pc1: Host;
  readonly pc2: Host;
  readonly board1: Host;
  readonly board2: Host;
}

export function testWorld(): TestWorld {
  const network = createNetwork({ seed: 7, clock: new RealClock() });
  network.addLan('lan', '192.168.0.0/24');
  const add = (name: string, profile: 'linux' | 'lwip') => {
    const host = network.addHost({ name, profile });
    host.attach('lan');
    return host;
  };
  return {
    network,
    pc1: add('pc1', 'linux'),
    pc2: add('pc2', 'linux'),
    board1: add('board1', 'lwip'),
    board2: add('board2', 'lwip'),
  };
}

/** A started program and its terminal. */
export interface Run {
  readonly process: PythonProcess;
  /** Everything written so far, stdout and stderr interleaved in order. */
  text(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves when the terminal contains `needle` (rejects after `ms`). */
  waitFor(needle: string, ms?: number): Promise<void>;
  /** Resolves when the program is blocked (in recvfrom, input, sleep, select, ...). */
  blocked(ms?: number): Promise<void>;
  /** Resolves when the program has been handed to its worker (state `running`). */
  running(ms?: number): Promise<void>;
}

export function run(
  kernel: Kernel,
  world: TestWorld,
  runtime: RuntimeName,
  code: string,
  extra: Partial<StartProgramOptions> = {},
): Run {
  let all = '';
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const changed = (): void => {
    for (const w of [...waiters]) w();
  };
  const process = kernel.startProgram({
    runtime,
    filename: runtime === 'cpython' ? 'prog.py' : 'main.py',
    host: runtime === 'cpython' ? world.pc1 : world.board1,
    network: world.network,
    code,
    onStdout: (t) => {
      all += t;
      out += t;
      changed();
    },
    onStderr: (t) => {
      all += t;
      err += t;
      changed();
    },
    ...extra,
  });
  process.onStateChange(changed);
  const until = (test: () => boolean, what: string, ms: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (test()) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; terminal so far:\n${all}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return {
    process,
    text: () => all,
    stdout: () => out,
    stderr: () => err,
    waitFor: (needle, ms = 30_000) => until(() => all.includes(needle), JSON.stringify(needle), ms),
    blocked: (ms = 30_000) => until(() => process.state === 'blocked', 'blocked', ms),
    running: (ms = 30_000) => until(() => process.state === 'running', 'running', ms),
  };
}

/** Dedent a Python program written inside a template literal. */
export function py(source: string): string {
  const lines = source.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
