// Runs a scenario to the end: builds the world, starts the programs one after another (each once
// the previous one waits or has ended), types their stdin, stops them at the timeout, and returns
// every program's output and every datagram. Environment-neutral: Node and the page both use it.

import { ManualClock, type Clock } from '../netsim/index.ts';
import type { DatagramRecord, SegmentInfo } from '../netsim/index.ts';
import type { GlyphSource } from '../board/index.ts';
import { toAscii } from '../board/index.ts';
import { WAITS_OFF_CLOCK, readyForNext, type SyscallOp } from '../python/index.ts';
import type { Kernel, ProcessState, PythonProcess } from '../python/index.ts';
import { RealClock, VirtualTimeDriver } from './clocks.ts';
import {
  programName,
  programRuntime,
  stdinLine,
  type Scenario,
  type ScenarioProgram,
  type ScenarioRuntime,
  type ScenarioStdinLine,
} from '../scenario/index.ts';
import { buildWorld, type World, type WorldHost } from '../scenario/index.ts';

/** Defaults of {@link RunOptions}, set in this one place. */
export const RUN_DEFAULTS = Object.freeze({
  /** Seconds after the last program started; 0 = no limit. */
  timeout: 30,
  /** Real ms a program may take to end after its KeyboardInterrupt before it is killed. */
  graceMs: 3000,
  /** Virtual time only: real seconds before a run that never goes idle (a CPU loop) is stopped. */
  wallTimeout: 120,
  /** Most datagram records kept in the result. */
  maxDatagrams: 10_000,
});

/** Blocking calls that wait on real work (glyph fetches), not on the clock: virtual time must not jump. */
const BUSY_OPS = WAITS_OFF_CLOCK;
const STDIN_OP: SyscallOp = 'stdin.readline';

/** Options of {@link executeScenario}. */
export interface RunOptions {
  /** The Python runtime (site/runtime/python) that starts the programs. */
  kernel: Kernel;
  /** Source of a program's `file`, as written in the scenario. */
  readFile(path: string): string | Promise<string>;
  /** Board-only modules given to programs on boards: name → source (mpython, network, machine, _boardcall). */
  boardModules: Readonly<Record<string, string>>;
  /** Glyphs for the OLED. Default: none (DispChar draws nothing). */
  glyphs?: GlyphSource;
  /** 'real' (default): wall time. 'virtual': time jumps whenever every program waits; exact and fast. */
  time?: 'real' | 'virtual';
  /** Seconds, overrides `scenario.timeout` (default 30); 0 = none. */
  timeout?: number;
  /** Overrides `scenario.seed`. */
  seed?: number;
  /** Probability 0–1 of loss added to every LAN. */
  loss?: number;
  /** Real ms between KeyboardInterrupt and kill. Default 3000. */
  graceMs?: number;
  /** Virtual time only: real seconds before an endless CPU loop is stopped. Default 120. */
  wallTimeout?: number;
  /** Virtual time only: what the programs' time.time() reads at the run's start, ms since 1970.
   * Default: the wall clock when the run starts (a check passes a fixed one, to replay exactly). */
  epochMs?: number;
  /** Display language of Windows PCs (`pc-windows`): their WinError texts. Default 'zh'. */
  windowsLanguage?: 'zh' | 'en';
  /** Type stdin lines into the transcript too, as a terminal echoes them. Default true. */
  echoStdin?: boolean;
  /** Aborting stops the run as the timeout does (Ctrl-C). */
  signal?: AbortSignal;
  /** Each piece of output as it happens. */
  onOutput?(event: OutputEvent): void;
  /** Each datagram when it is sent ('create') and whenever its fate changes ('update'). */
  onDatagram?(record: DatagramRecord, change: 'create' | 'update'): void;
}

/** One piece of a program's terminal output. */
export interface OutputEvent {
  readonly program: number;
  readonly name: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** How one program ended. */
export interface ProgramResult {
  readonly name: string;
  readonly file: string | null;
  /** The host's scenario name. */
  readonly host: string;
  readonly runtime: ScenarioRuntime;
  /** Terminal output ('\n' line ends; typed stdin lines included when echoStdin). */
  readonly stdout: string;
  readonly stderr: string;
  /** Uncaught exception class, e.g. 'KeyboardInterrupt', or null. */
  readonly exception: string | null;
  /** null when the program never started (the run ended first). */
  readonly exitCode: number | null;
  readonly started: boolean;
  /** True when the run's timeout (or an abort) sent it KeyboardInterrupt. */
  readonly interrupted: boolean;
  /** True when it did not end within graceMs after that and was killed. */
  readonly killed: boolean;
  /** The call it was blocked in when the run was stopped ('socket.recvfrom', …), else null. */
  readonly stoppedIn: string | null;
  /** How many times it made each syscall ('socket.sendto' → 3). */
  readonly calls: Readonly<Record<string, number>>;
  /** Waits for the network made with a time limit (a socket timeout, or select's): recvfrom, select, and TCP's recv, accept, connect, send. */
  readonly timedWaits: number;
}

/** One datagram as the runner reports it. */
export interface DatagramResult {
  readonly id: number;
  readonly copy: number;
  /** Send time, ms since the run started. */
  readonly t: number;
  /** Arrival time at the destination host, ms since the run started (absent: it never arrived). */
  readonly tDeliver?: number;
  readonly lan: string;
  /** 'ip:port'. */
  readonly src: string;
  readonly dst: string;
  readonly size: number;
  readonly fate: string;
  /** The sending host's scenario name. */
  readonly from: string;
  /** The first 256 payload bytes, hex. */
  readonly payload: string;
  /** A TCP segment's header (absolute sequence numbers, as netsim records them); absent for UDP. */
  readonly tcp?: SegmentInfo;
}

/** A board's state at the end of the run. */
export interface BoardResult {
  readonly host: string;
  /** LAN addresses (Wi-Fi) at the end. */
  readonly addresses: readonly string[];
  /** The OLED as toAscii shows it: 64 rows of 128 '#'/'.'. */
  readonly oled: string;
  /** True if anything was ever lit on the panel. */
  readonly oledUsed: boolean;
}

/** Everything a run produced. */
export interface RunResult {
  readonly programs: readonly ProgramResult[];
  readonly datagrams: readonly DatagramResult[];
  readonly boards: readonly BoardResult[];
  /** True if the timeout stopped the run; false if every program ended by itself. */
  readonly timedOut: boolean;
  /** True if `signal` stopped the run. */
  readonly aborted: boolean;
  /** Run time on the run's clock, ms. */
  readonly durationMs: number;
  /** Every host and its addresses at the end (boards: their Wi-Fi addresses). */
  readonly hosts: readonly { readonly name: string; readonly addresses: readonly string[] }[];
}

/** Calls whose `timeout` argument bounds a wait for the network (what `timedWaits` counts). */
const TIMED_WAITS: ReadonlySet<string> = new Set([
  'socket.recvfrom',
  'select',
  'socket.recv',
  'socket.accept',
  'socket.connect',
  'socket.send',
]);

interface Slot {
  readonly index: number;
  readonly spec: ScenarioProgram;
  readonly name: string;
  readonly where: WorldHost;
  readonly runtime: ScenarioRuntime;
  code: string;
  proc: PythonProcess | null;
  stdout: string;
  stderr: string;
  /** stdout length when the last stdin line was typed (waitFor looks after it). */
  fedAt: number;
  exit: { exitCode: number; exception: string | null } | null;
  interrupted: boolean;
  killed: boolean;
  armed: boolean;
  stoppedIn: string | null;
  calls: Record<string, number>;
  timedWaits: number;
}

/** Bytes as lower-case hex. */
function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Formats a netsim address pair. */
function addr([ip, port]: readonly [string, number]): string {
  return `${ip}:${port}`;
}

/**
 * Runs `scenario` (already checked by validateScenario) and resolves when every program has ended,
 * or the timeout has stopped them. Never rejects for a program's own errors; rejects for a
 * missing file or a broken world.
 */
export async function executeScenario(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  const virtual = options.time === 'virtual';
  const clock: Clock = virtual ? new ManualClock(0) : new RealClock();
  const timeoutS = options.timeout ?? scenario.timeout ?? RUN_DEFAULTS.timeout;
  const graceMs = options.graceMs ?? RUN_DEFAULTS.graceMs;
  const echo = options.echoStdin ?? true;

  const world: World = buildWorld(scenario, {
    clock,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.glyphs !== undefined ? { glyphs: options.glyphs } : {}),
    ...(options.loss !== undefined ? { impairment: { loss: options.loss } } : {}),
  });

  const records: DatagramRecord[] = [];
  const stopRecording = world.network.onDatagram((rec, change) => {
    if (change === 'create' && records.length < RUN_DEFAULTS.maxDatagrams) records.push(rec);
    options.onDatagram?.(rec, change);
  });

  const slots: Slot[] = scenario.programs.map((spec, index) => {
    const where = world.host(spec.host);
    return {
      index,
      spec,
      name: programName(spec),
      where,
      runtime: programRuntime(spec, where.spec),
      code: spec.code ?? '',
      proc: null,
      stdout: '',
      stderr: '',
      fedAt: 0,
      exit: null,
      interrupted: false,
      killed: false,
      armed: false,
      stoppedIn: null,
      calls: {},
      timedWaits: 0,
    };
  });
  try {
    for (const slot of slots)
      if (slot.spec.file !== undefined) slot.code = await options.readFile(slot.spec.file);
  } catch (err) {
    stopRecording();
    world.dispose();
    throw err;
  }

  // Every waiter re-checks its condition whenever anything happens (state, output, time).
  const waiters = new Set<() => void>();
  const changed = (): void => {
    for (const check of [...waiters]) check();
    driver?.poke();
  };
  const waitFor = (condition: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (condition()) {
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      check();
    });
  const sleep = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => clock.setTimer(clock.now() + ms, () => (resolve(), changed())));

  let stopping = false;
  let timedOut = false;
  let aborted = false;
  let deadline: number | null = null;
  const startedAt = clock.now();
  const epochMs = options.epochMs ?? Date.now();

  const live = (): Slot[] => slots.filter((s) => s.proc !== null && s.exit === null);
  // A program in a blocking call that holds the next one (joining Wi-Fi, loading glyphs) has not
  // reached its wait yet (syscall-table.ts).
  const waiting = (p: PythonProcess): boolean => readyForNext(p);

  let starting = false;
  let driver: VirtualTimeDriver | null = null;
  if (clock instanceof ManualClock) {
    driver = new VirtualTimeDriver(clock, {
      idle: () =>
        !starting &&
        slots.every(
          (s) =>
            s.proc === null ||
            s.exit !== null ||
            (s.proc.state === 'blocked' && !BUSY_OPS.has(s.proc.blockedOn ?? '')),
        ),
    });
  }

  const stop = (why: 'timeout' | 'abort'): void => {
    if (stopping) return;
    stopping = true;
    if (why === 'timeout') timedOut = true;
    else aborted = true;
    for (const slot of live()) {
      slot.interrupted = true;
      slot.stoppedIn = slot.proc?.state === 'blocked' ? slot.proc.blockedOn : null;
      slot.proc?.interrupt();
    }
    setTimeout(() => {
      for (const slot of live()) {
        slot.killed = true;
        slot.proc?.kill();
      }
    }, graceMs).unref?.();
    changed();
  };

  const arm = (): void => {
    if (timeoutS <= 0 || stopping) return;
    if (deadline !== null) clock.clearTimer(deadline);
    deadline = clock.setTimer(clock.now() + timeoutS * 1000, () => {
      deadline = null;
      // A program still loading its interpreter re-arms the timeout once it runs.
      if (!slots.some((s) => s.proc?.state === 'loading')) stop('timeout');
    });
  };

  const onAbort = (): void => stop('abort');
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) stop('abort');
  const wall = virtual
    ? setTimeout(() => stop('timeout'), (options.wallTimeout ?? RUN_DEFAULTS.wallTimeout) * 1000)
    : null;

  const emit = (slot: Slot, stream: 'stdout' | 'stderr', text: string): void => {
    if (stream === 'stdout') slot.stdout += text;
    else slot.stderr += text;
    options.onOutput?.({ program: slot.index, name: slot.name, stream, text });
    changed();
  };

  const feedStdin = async (slot: Slot, proc: PythonProcess, lines: ScenarioStdinLine[]): Promise<void> => {
    for (const line of lines) {
      await waitFor(
        () => slot.exit !== null || stopping || (proc.state === 'blocked' && proc.blockedOn === STDIN_OP),
      );
      if (slot.exit !== null || stopping) return;
      await sleep(line.delayMs ?? 0);
      if (line.waitFor !== undefined) {
        const re = new RegExp(line.waitFor);
        await waitFor(() => slot.exit !== null || stopping || re.test(slot.stdout.slice(slot.fedAt)));
      }
      if (slot.exit !== null || stopping) return;
      if (echo) emit(slot, 'stdout', line.text + '\n');
      slot.fedAt = slot.stdout.length;
      proc.writeStdin(line.text + '\n');
      await waitFor(() => slot.exit !== null || !(proc.state === 'blocked' && proc.blockedOn === STDIN_OP));
    }
    if (slot.exit === null) proc.closeStdin();
  };

  const launch = (slot: Slot): PythonProcess => {
    const board = slot.where.board;
    const proc = options.kernel.startProgram({
      runtime: slot.runtime,
      filename: board !== undefined ? '<stdin>' : slot.name,
      code: slot.code,
      host: slot.where.host,
      network: world.network,
      ...(board !== undefined ? { handlers: board.handlers(), modules: options.boardModules } : {}),
      onStdout: (text) => emit(slot, 'stdout', text),
      onStderr: (text) => emit(slot, 'stderr', text),
      onSyscall: (op, args) => {
        slot.calls[op] = (slot.calls[op] ?? 0) + 1;
        const limit = args['timeout'];
        if (TIMED_WAITS.has(op) && typeof limit === 'number' && limit > 0) slot.timedWaits++;
      },
      ...(virtual ? { virtualTime: { epochMs } } : {}),
      ...(options.windowsLanguage !== undefined ? { windowsLanguage: options.windowsLanguage } : {}),
    });
    slot.proc = proc;
    proc.onStateChange((state: ProcessState) => {
      if (state !== 'loading' && !slot.armed) {
        slot.armed = true;
        arm();
      }
      changed();
    });
    void proc.exited.then((status) => {
      slot.exit = { exitCode: status.exitCode, exception: status.exception };
      changed();
    });
    const lines = (slot.spec.stdin ?? []).map(stdinLine);
    if (lines.length > 0) void feedStdin(slot, proc, lines);
    return proc;
  };

  // Load every interpreter the run needs now, so a later program does not wait for its own.
  for (const runtime of new Set(slots.map((s) => s.runtime)))
    void options.kernel.prewarm(runtime).catch(() => {});
  driver?.start();
  try {
    for (const slot of slots) {
      if (stopping) break;
      const prev = slots[slot.index - 1];
      if (prev?.proc) {
        const p = prev.proc;
        await waitFor(() => stopping || prev.exit !== null || waiting(p));
      }
      const start = slot.spec.start;
      if (start?.output !== undefined) {
        const other = start.after !== undefined ? slots.find((s) => s.name === start.after) : prev;
        const re = new RegExp(start.output);
        if (other !== undefined) await waitFor(() => stopping || re.test(other.stdout));
      }
      if (start?.delayMs) await sleep(start.delayMs);
      if (stopping) break;
      starting = true;
      try {
        launch(slot);
      } finally {
        starting = false;
      }
      changed();
    }
    await waitFor(() => live().length === 0);
  } finally {
    driver?.stop();
    if (wall !== null) clearTimeout(wall);
    if (deadline !== null) clock.clearTimer(deadline);
    options.signal?.removeEventListener('abort', onAbort);
    stopRecording();
  }

  const durationMs = clock.now() - startedAt;
  const hosts = [...world.hosts.values()].map(({ spec, host }) => ({
    name: spec.name,
    addresses: host.addresses(),
  }));
  const boards: BoardResult[] = [];
  for (const { spec, host, board } of world.hosts.values()) {
    if (board === undefined) continue;
    const snapshot = board.oled.snapshot();
    boards.push({
      host: spec.name,
      addresses: host.addresses(),
      oled: toAscii(snapshot),
      oledUsed: board.oledUsed,
    });
  }
  world.dispose();
  if (clock instanceof RealClock) clock.dispose();

  return {
    programs: slots.map((s) => ({
      name: s.name,
      file: s.spec.file ?? null,
      host: s.where.spec.name,
      runtime: s.runtime,
      stdout: s.stdout,
      stderr: s.stderr,
      exception: s.exit?.exception ?? null,
      exitCode: s.exit?.exitCode ?? null,
      started: s.proc !== null,
      interrupted: s.interrupted,
      killed: s.killed,
      stoppedIn: s.stoppedIn,
      calls: { ...s.calls },
      timedWaits: s.timedWaits,
    })),
    datagrams: records.map((r) => ({
      id: r.id,
      copy: r.copy,
      t: Math.round((r.t - startedAt) * 1000) / 1000,
      ...(r.tDeliver !== undefined ? { tDeliver: Math.round((r.tDeliver - startedAt) * 1000) / 1000 } : {}),
      lan: r.lan,
      src: addr(r.src),
      dst: addr(r.dst),
      size: r.size,
      fate: r.fate,
      from: r.from,
      payload: toHex(r.payload),
      ...(r.tcp ? { tcp: { ...r.tcp, flags: [...r.tcp.flags] } } : {}),
    })),
    boards,
    hosts,
    timedOut,
    aborted,
    durationMs,
  };
}
