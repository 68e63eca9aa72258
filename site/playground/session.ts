// One playground's runs: the world (network + boards), the running processes, and the scenario's start order.

import type { DatagramRecord } from '../runtime/netsim/index.ts';
import type { PythonProcess } from '../runtime/python/index.ts';
import type { Engine } from './runtime-bridge.ts';
import { RealClock } from '../runtime/python/index.ts';
import { readyForNext } from '../runtime/python/index.ts';
import { boardModules, buildWorld, impairmentOf, type World } from './world.ts';
import type { NetSettings, PlaygroundData, ProgramData } from './types.ts';

/** Where a program's output goes. */
export interface ProgramIO {
  onStdout(text: string): void;
  onStderr(text: string): void;
}

/** What the session tells the panels. */
export interface SessionHooks {
  /** A new world: panels re-subscribe (OLED, Wi-Fi) and the packet list starts over. */
  onWorld(world: World, clock: RealClock): void;
  onDatagram(rec: DatagramRecord, change: 'create' | 'update'): void;
}

/** How long Stop waits for the program's own KeyboardInterrupt handling before killing it. */
export const STOP_GRACE_MS = 1500;

export class Session {
  #data: PlaygroundData;
  #engine: Engine;
  #hooks: SessionHooks;
  #world: Promise<World> | null = null;
  #clock: RealClock | null = null;
  #processes = new Map<string, PythonProcess>();
  #settings: NetSettings;

  constructor(data: PlaygroundData, engine: Engine, hooks: SessionHooks, settings: NetSettings) {
    this.#data = data;
    this.#engine = engine;
    this.#hooks = hooks;
    this.#settings = settings;
  }

  /** The current world's clock, ms (0 before the first world). */
  now(): number {
    return this.#clock?.now() ?? 0;
  }

  get settings(): NetSettings {
    return { ...this.#settings };
  }

  /** The current world, built on first use. */
  world(): Promise<World> {
    if (!this.#world) {
      const clock = new RealClock();
      this.#clock = clock;
      this.#world = buildWorld(this.#data.scenario, this.#settings, clock).then((world) => {
        world.network.onDatagram((rec, change) => this.#hooks.onDatagram(rec, change));
        this.#hooks.onWorld(world, clock);
        return world;
      });
      this.#world.catch(() => {
        this.#world = null;
      });
    }
    return this.#world;
  }

  /** Changes the impairment now; the seed takes effect on the next fresh world. */
  async applySettings(settings: NetSettings): Promise<void> {
    const seedChanged = settings.seed !== this.#settings.seed;
    this.#settings = { ...settings };
    if (!this.#world || seedChanged) return;
    const world = await this.#world;
    for (const lan of this.#data.scenario.lans ?? [])
      world.network.setImpairment(lan.name, impairmentOf(settings));
  }

  /** The running process of a program, if any. */
  process(name: string): PythonProcess | undefined {
    const p = this.#processes.get(name);
    return p && p.state !== 'exited' ? p : undefined;
  }

  /** Starts a program (after stopping its previous run). */
  async start(program: ProgramData, code: string, io: ProgramIO): Promise<PythonProcess> {
    const kernel = this.#engine.kernel;
    if (!kernel)
      throw Object.assign(
        new Error('UDPLAB_ERR_NO_RUNTIME: the Python runtime is not in this build; programs cannot run'),
        { code: 'UDPLAB_ERR_NO_RUNTIME' },
      );
    const previous = this.process(program.name);
    if (previous) {
      previous.kill();
      await previous.exited;
    }
    const world = await this.world();
    const { host, board } = world.host(program.host);
    const proc = kernel.startProgram({
      runtime: program.runtime,
      filename: program.file,
      code,
      host,
      network: world.network,
      ...(board ? { handlers: board.handlers(), modules: boardModules } : {}),
      onStdout: io.onStdout,
      onStderr: io.onStderr,
      // A Windows PC speaks the page's language: a Chinese Windows on 中文 pages.
      windowsLanguage: this.#data.lang.startsWith('en') ? 'en' : 'zh',
    });
    this.#processes.set(program.name, proc);
    return proc;
  }

  /**
   * Stop: KeyboardInterrupt first (so except/finally run), a kill if it does not end in time. A
   * Windows program blocked in recvfrom takes Ctrl-C only when the call returns: no kill then
   * (the terminal says so); a second Stop closes it as closing its console window would.
   */
  stop(name: string): void {
    const proc = this.process(name);
    if (!proc) return;
    proc.interrupt();
    if (proc.stopDeferred) return;
    const timer = setTimeout(() => proc.kill(), STOP_GRACE_MS);
    void proc.exited.then(() => clearTimeout(timer));
  }

  /** Kills every program and forgets the world: the next run starts from a fresh network. */
  async reset(): Promise<void> {
    const running = [...this.#processes.values()].filter((p) => p.state !== 'exited');
    for (const p of running) p.kill();
    await Promise.all(running.map((p) => p.exited));
    this.#processes.clear();
    if (this.#world) (await this.#world.catch(() => null))?.dispose();
    this.#clock?.dispose();
    this.#world = null;
  }
}

/** Ended, or waiting in a call that is not part of its start-up: the runner's rule (syscall-table.ts). */
function ready(proc: PythonProcess): boolean {
  return readyForNext(proc);
}

/** Resolves when a process blocks (e.g. a server waits in recvfrom) or ends: then the next may start. */
export function settled(proc: PythonProcess): Promise<void> {
  return new Promise((resolve) => {
    if (ready(proc)) return resolve();
    const off = proc.onStateChange(() => {
      if (ready(proc)) {
        off();
        resolve();
      }
    });
  });
}
