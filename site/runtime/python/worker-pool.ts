// Workers with an interpreter already loaded, so Run starts at once. One program per worker
// (a fresh interpreter each run: nothing leaks between runs); the pool refills in the background.
// CPython workers load from a Pyodide memory snapshot made by the first one.
import {
  OwnerEnd,
  canWaitAsync,
  createChannelBuffer,
  shareSnapshot,
  type FromWorker,
  type InterpreterAssets,
} from './channel.ts';
import { IN_NODE } from '../env.ts';
import type { PoolState, RuntimeLimits, RuntimeName } from './types.ts';
import {
  fetchShippedSnapshot,
  forgetStoredSnapshot,
  hasStoredSnapshot,
  loadStoredSnapshot,
  storeSnapshot,
} from './snapshot-store.ts';
import { interpreterAssets, spawnWorker, type WorkerHandle } from './worker-spawn.ts';
import { codedError } from './coded-error.ts';

/**
 * Each interpreter's compiled WebAssembly module, kept by the page and handed to every later worker
 * of that runtime. Without it each refill compiled pyodide.asm.wasm anew and V8 compiled the
 * interpreter's largest function again while the learner's first program waited (a Chromium trace:
 * two 190 KB code installs in an 80 ms run); a module shared by the workers shares its compiled,
 * tiered-up code. MicroPython's workers share theirs the same way. The page only: Node's workers
 * keep their own (their warm Run is already ≈ 20 ms).
 */
const compiledModules: Partial<Record<RuntimeName, WebAssembly.Module>> = {};

/** Snapshots by Pyodide location, shared by every kernel of this page / process. */
const snapshots = new Map<string, Promise<Uint8Array | null>>();
/** Pyodide locations where a snapshot failed to load: the shipped one is not tried again there. */
const failedSnapshots = new Set<string>();

/** What a new CPython worker loads from, and (for the first one) how to hand its snapshot on. */
interface SnapshotPlan {
  readonly snapshot: Uint8Array | null;
  readonly deliver: ((snapshot: Uint8Array | null) => void) | null;
  /** Called once a worker has loaded from `snapshot` (the shipped one is stored only then). */
  readonly loaded?: (() => void) | undefined;
}

/**
 * Use a snapshot if there is one — stored by an earlier visit, else the one the build ships (kept
 * for the next visit) — else the first worker makes it and the others wait for it.
 */
async function planSnapshot(assets: InterpreterAssets): Promise<SnapshotPlan> {
  const key = assets.pyodideIndex;
  const known = snapshots.get(key);
  if (known) {
    const snapshot = await known;
    if (snapshot) return { snapshot, deliver: null };
  }
  let settle: (snapshot: Uint8Array | null) => void = () => {};
  snapshots.set(key, new Promise((resolve) => (settle = resolve)));
  const stored = await loadStoredSnapshot();
  const shipped = stored || failedSnapshots.has(key) ? null : await fetchShippedSnapshot(key);
  const found = stored ?? shipped;
  if (found) {
    const shared = shareSnapshot(found);
    settle(shared);
    return {
      snapshot: shared,
      deliver: null,
      // Normally the prefetch has stored it already (keepShippedSnapshot); else store it when the
      // page is idle, as it costs the page's thread long tasks a Run would wait behind.
      loaded: shipped
        ? () =>
            whenIdle(() => {
              void hasStoredSnapshot().then((has) => (has ? undefined : storeSnapshot(shared)));
            })
        : undefined,
    };
  }
  let delivered = false;
  return {
    snapshot: null,
    deliver: (snapshot) => {
      if (delivered) return;
      delivered = true;
      const shared = snapshot && shareSnapshot(snapshot);
      settle(shared);
      if (!shared) snapshots.delete(key);
      else void storeSnapshot(shared);
    },
  };
}

function whenIdle(task: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o: object) => number })
    .requestIdleCallback;
  if (idle) idle(task, { timeout: 5000 });
  else setTimeout(task, 0);
}

function forgetSnapshot(assets: InterpreterAssets): void {
  failedSnapshots.add(assets.pyodideIndex);
  snapshots.delete(assets.pyodideIndex);
  void forgetStoredSnapshot();
}

/** One worker: loading, then ready for exactly one program. */
export class WorkerSlot {
  readonly runtime: RuntimeName;
  readonly buffer: SharedArrayBuffer;
  readonly owner: OwnerEnd;
  /** Resolves with the load time in ms once the interpreter is ready; rejects if it cannot load. */
  readonly ready: Promise<number>;
  #handle: WorkerHandle | null = null;
  #listener: ((message: FromWorker) => void) | null = null;
  #errorListener: ((err: Error) => void) | null = null;
  #unwatch: (() => void) | null = null;
  #terminated = false;
  #inUse = false;
  #loaded = false;

  /** True once the interpreter is loaded (before `ready` resolves for its awaiters). */
  get loaded(): boolean {
    return this.#loaded;
  }

  constructor(runtime: RuntimeName, limits: RuntimeLimits, assetBase: string) {
    this.runtime = runtime;
    this.buffer = createChannelBuffer(limits.maxDatagramBytes);
    this.owner = new OwnerEnd(this.buffer);
    this.ready = this.#start(limits, assetBase, true);
    this.ready.catch(() => {});
  }

  async #start(limits: RuntimeLimits, assetBase: string, useSnapshot: boolean): Promise<number> {
    const assets = await interpreterAssets(assetBase);
    // Page, first CPython worker: it starts at once and fetches and compiles Pyodide while the
    // snapshot it will load from is still on its way (a first visit downloads both at once).
    // Refills find both ready and start as before.
    const first = this.runtime === 'cpython' && !IN_NODE && !compiledModules.cpython;
    const early = first ? await spawnWorker() : null;
    early?.post({ type: 'preload', assets, compile: true });
    let earlyError: Error | null = null; // e.g. the worker's script failed to load meanwhile
    early?.onError((err) => (earlyError ??= err));
    let plan: SnapshotPlan = { snapshot: null, deliver: null };
    try {
      if (this.runtime === 'cpython' && useSnapshot) plan = await planSnapshot(assets);
    } catch (err) {
      early?.terminate();
      throw err;
    }
    const snapshot = plan.snapshot;
    const handle = early ?? (await spawnWorker());
    if (this.#terminated) {
      handle.terminate();
      plan.deliver?.(null);
      throw codedError(Error, 'UDPLAB_ERR_WORKER_GONE', 'the worker was stopped while loading');
    }
    this.#handle = handle;
    handle.keepAlive(this.#inUse);
    const loaded = new Promise<number>((resolve, reject) => {
      handle.onMessage((message) => {
        if (message.type === 'ready') {
          this.#loaded = true;
          resolve(message.loadMs);
        } else if (message.type === 'snapshot') plan.deliver?.(message.snapshot);
        else if (message.type === 'wasm-module') compiledModules[this.runtime] ??= message.module;
        else if (message.type === 'fatal' && !this.#loaded) reject(new Error(message.message));
        else this.#listener?.(message);
      });
      handle.onError((err) => {
        if (this.#terminated || handle !== this.#handle) return;
        if (!this.#loaded) reject(err);
        else this.#errorListener?.(err);
      });
      if (earlyError) reject(earlyError);
    });
    const compiled = compiledModules[this.runtime] ?? null;
    handle.post({
      type: 'init',
      runtime: this.runtime,
      buffer: this.buffer,
      assets,
      memoryBytes: this.runtime === 'cpython' ? limits.cpythonMemoryBytes : limits.micropythonMemoryBytes,
      outputBytesPerSecond: limits.outputBytesPerSecond,
      outputBurstBytes: limits.outputBurstBytes,
      snapshot,
      wasmModule: IN_NODE ? null : compiled,
      shareModule: !IN_NODE && !compiled,
      doorbell: canWaitAsync(),
    });
    try {
      const ms = await loaded;
      plan.loaded?.();
      return ms;
    } catch (err) {
      plan.deliver?.(null);
      if (!snapshot || this.#terminated) throw err;
      // A stale or broken snapshot: forget it and load the slow way once.
      forgetSnapshot(assets);
      this.#handle = null;
      handle.terminate();
      return this.#start(limits, assetBase, false);
    }
  }

  /** Hand the worker to a program: it gets every later message and crash. */
  attach(listener: (message: FromWorker) => void, onError: (err: Error) => void): void {
    this.#inUse = true;
    this.#handle?.keepAlive(true);
    this.#listener = listener;
    this.#errorListener = onError;
    // Requests rung through the shared buffer (see channel.ts) arrive as if posted.
    if (canWaitAsync() && !this.#unwatch)
      this.#unwatch = this.owner.watchRequests((r) => this.#listener?.(r));
  }

  post(message: Parameters<WorkerHandle['post']>[0]): void {
    this.#handle?.post(message);
  }

  terminate(): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.#unwatch?.();
    this.#unwatch = null;
    this.#listener = null;
    this.#errorListener = null;
    this.#handle?.terminate();
  }

  get terminated(): boolean {
    return this.#terminated;
  }
}

/**
 * On the page, the worker that replaces one a program just took starts this much later, so that
 * loading the next interpreter does not take the 2 cores from the program that just started — its
 * first output and the terminal drawing it. (A Run meanwhile still gets a new worker at once.)
 */
export const REFILL_DELAY_MS = IN_NODE ? 0 : 250;

/**
 * On the page, while ready workers remain (the other programs of the playground have theirs), a
 * refill waits until no Run has taken a worker for this long: the learner's next Run, usually a
 * few seconds after the first, then finds the cores free as well as a worker ready.
 */
const REFILL_QUIET_MS = IN_NODE ? 0 : 5000;

/**
 * Ready workers per runtime, refilled after each use. One loads at a time per runtime (the first
 * is ready soonest, the others follow on cores the page is not using for a Run).
 */
export class WorkerPool {
  readonly #limits: RuntimeLimits;
  readonly #size: Record<RuntimeName, number>;
  readonly #max: Record<RuntimeName, number>;
  readonly #assetBase: string;
  readonly #idle: Record<RuntimeName, WorkerSlot[]> = { cpython: [], micropython: [] };
  readonly #used = new Set<RuntimeName>();
  readonly #refillTimers: Partial<Record<RuntimeName, ReturnType<typeof setTimeout>>> = {};
  readonly #refillDelayMs: number;
  readonly #listeners = new Set<() => void>();
  #lastAcquire = -Infinity;
  #disposed = false;

  constructor(
    limits: RuntimeLimits,
    size: Record<RuntimeName, number>,
    assetBase: string,
    max: Record<RuntimeName, number> = size,
    refillDelayMs = REFILL_DELAY_MS,
  ) {
    this.#limits = limits;
    this.#size = { ...size };
    this.#max = {
      cpython: Math.max(max.cpython, size.cpython),
      micropython: Math.max(max.micropython, size.micropython),
    };
    this.#assetBase = assetBase;
    this.#refillDelayMs = refillDelayMs;
  }

  /** A worker for one program: a pre-warmed one if there is one, else a new one (loading). */
  acquire(runtime: RuntimeName): WorkerSlot {
    this.#used.add(runtime);
    this.#lastAcquire = performance.now();
    const idle = this.#idle[runtime];
    const readyAt = idle.findIndex((slot) => slot.loaded);
    const pooled = readyAt >= 0 ? idle.splice(readyAt, 1)[0] : idle.shift();
    if (pooled && this.#refillDelayMs > 0) this.#refillLater(runtime, this.#refillDelayMs);
    else queueMicrotask(() => this.#refill(runtime));
    this.#changed();
    return pooled ?? this.#spawn(runtime);
  }

  /**
   * Make sure `count` ready workers wait for this runtime (at most `poolMax`; never fewer than
   * `poolSize`); resolves when the first is ready, or with `all` when every one of them is.
   */
  async prewarm(runtime: RuntimeName, count = 1, all = false): Promise<void> {
    this.#used.add(runtime);
    const wanted = Math.min(Math.max(0, Math.floor(count)), this.#max[runtime]);
    if (wanted > this.#size[runtime]) this.#size[runtime] = wanted;
    this.#refill(runtime);
    this.#changed();
    if (all) return this.#allReady(runtime);
    const slot = this.#idle[runtime][0];
    if (slot) await slot.ready;
  }

  /**
   * Resolves once the pool holds its full count of loaded workers for `runtime` (or is disposed);
   * rejects, like a first-only prewarm, when one of them fails to load.
   */
  async #allReady(runtime: RuntimeName): Promise<void> {
    while (!this.#disposed) {
      const idle = this.#idle[runtime];
      const loading = idle.find((slot) => !slot.loaded);
      if (loading) {
        await loading.ready;
        continue;
      }
      if (idle.length >= this.#size[runtime]) return;
      // The next one starts after the refill's delay: wait until it is there.
      await new Promise<void>((resolve) => {
        const off = this.onChange(() => {
          off();
          resolve();
        });
        this.#refill(runtime);
      });
    }
  }

  state(runtime: RuntimeName): PoolState {
    const idle = this.#idle[runtime];
    const ready = idle.filter((slot) => slot.loaded).length;
    return { ready, loading: idle.length - ready, target: this.#size[runtime] };
  }

  /** Calls `listener` whenever a worker starts loading, becomes ready or is taken. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#disposed = true;
    for (const timer of Object.values(this.#refillTimers)) clearTimeout(timer);
    for (const runtime of ['cpython', 'micropython'] as const) {
      for (const slot of this.#idle[runtime]) slot.terminate();
      this.#idle[runtime] = [];
    }
    // Last word to the listeners (a prewarm waiting for every worker ends here), then none.
    this.#changed();
    this.#listeners.clear();
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #spawn(runtime: RuntimeName): WorkerSlot {
    return new WorkerSlot(runtime, this.#limits, this.#assetBase);
  }

  #refillLater(runtime: RuntimeName, delayMs: number): void {
    clearTimeout(this.#refillTimers[runtime]);
    this.#refillTimers[runtime] = setTimeout(() => this.#refill(runtime), delayMs);
  }

  #refill(runtime: RuntimeName): void {
    clearTimeout(this.#refillTimers[runtime]);
    delete this.#refillTimers[runtime];
    if (this.#disposed || !this.#used.has(runtime)) return;
    const idle = this.#idle[runtime];
    if (idle.length >= this.#size[runtime]) return;
    // One at a time: the next starts when this one is ready.
    if (idle.some((slot) => !slot.loaded)) return;
    // Other ready workers wait for the next Runs: load once the learner has paused.
    const since = performance.now() - this.#lastAcquire;
    if (idle.length > 0 && since < REFILL_QUIET_MS) {
      this.#refillLater(runtime, REFILL_QUIET_MS - since);
      return;
    }
    const slot = this.#spawn(runtime);
    idle.push(slot);
    slot.ready.then(
      () => {
        this.#changed();
        // A Run that waited for this worker takes it now: the next one starts a moment later.
        if (REFILL_DELAY_MS > 0) this.#refillLater(runtime, REFILL_DELAY_MS);
        else this.#refill(runtime);
      },
      () => {
        const at = idle.indexOf(slot);
        if (at >= 0) idle.splice(at, 1);
        this.#changed();
      },
    );
  }
}
