// The lazy entry: turns a playground's static markup into editors, terminals and the network panel, and runs programs.

import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import playgroundCss from './playground.css?inline';
import { CPYTHON_SNAPSHOT_FILE, INTERPRETER_FILES, prefetchWithProgress } from './download-progress.ts';
import { createEditor, preferPlainEditor } from './editor.ts';
import type { CodeEditor } from './editor-types.ts';
import { translator, type Translate } from './i18n.ts';
import { NetworkPanel } from './network-panel.ts';
import { OledView } from './oled-view.ts';
import { clearDraft, lessonKey, loadDraft, saveDraft } from './persistence.ts';
import { ProgramPanel, type PanelHost } from './program-panel.ts';
import { showPoolProgress } from './pool-progress.ts';
import { ProgressArea } from './progress.ts';
import { RelayPanel } from './relay-panel.ts';
import { loadEngine, type Engine } from './runtime-bridge.ts';
import { Session, settled } from './session.ts';
import { hostAddress } from './world.ts';
import { decodeShareHash, encodeShareUrl, type SharedState } from './share-link.ts';
import { ProgramTerminal } from './terminal.ts';
import { initialSettings, type NetSettings, type PlaygroundData } from './types.ts';

let stylesInjected = false;

function injectStyles(): void {
  if (stylesInjected) return;
  stylesInjected = true;
  const style = document.createElement('style');
  style.dataset['udplab'] = 'playground';
  style.textContent = `${xtermCss}\n${playgroundCss}`;
  document.head.append(style);
}

/** Retries `load` through the progress bar until it succeeds; the bar says why it failed. */
async function withProgress<T>(
  progress: ProgressArea,
  t: Translate,
  labelKey: string,
  load: (onProgress: (fraction: number | null) => void) => Promise<T>,
  onFailure?: () => void,
): Promise<T> {
  for (;;) {
    const bar = progress.start(labelKey);
    bar.update(null);
    try {
      const value = await load((fraction) => bar.update(fraction));
      bar.done();
      return value;
    } catch (error) {
      console.warn(`[udplab] ${labelKey} failed`, error);
      onFailure?.();
      await new Promise<void>((retry) => bar.fail(t('playground.loadFailed.offline'), retry));
    }
  }
}

/**
 * The runtime's Astro integration serves the files at INTERPRETER_FILES' paths, and our servers
 * answer the worker's second fetch of each with a 304 (ETag), so the bytes travel once.
 */
const PREFETCH_INTERPRETERS = true;

/**
 * Warms an interpreter: downloads its big files with byte progress (so the worker then finds them
 * in the cache) and starts the pool's worker. MicroPython's worker starts once its wasm is in.
 * CPython's starts at once, fetching and compiling Pyodide alongside; the build's memory snapshot
 * (unless an earlier visit stored one) is downloaded here and its bytes handed to the pool.
 */
async function warmInterpreter(
  runtime: 'cpython' | 'micropython',
  onProgress: (fraction: number | null) => void,
  prewarm: () => Promise<void> | undefined,
): Promise<void> {
  if (!PREFETCH_INTERPRETERS) return prewarm();
  const base = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}_udplab/`;
  const files = INTERPRETER_FILES[runtime].map((f) => base + f);
  if (runtime === 'micropython') {
    await prefetchWithProgress(files, onProgress);
    return prewarm();
  }
  const store = await import('../runtime/python/snapshot-store.ts');
  const snapshot = new Set<string>();
  if (!(await store.hasStoredSnapshot())) snapshot.add(base + CPYTHON_SNAPSHOT_FILE);
  const fetched = prefetchWithProgress([...files, ...snapshot], onProgress, snapshot, snapshot, (url, r) => {
    if (snapshot.has(url)) void store.keepShippedSnapshot(r.clone());
  });
  for (const url of snapshot)
    store.expectShippedSnapshot(
      url,
      fetched.then((kept) => kept.get(url) ?? null),
    );
  await Promise.all([fetched, prewarm()]);
}

/** The API tests and other scripts read on the root element (`root.udplab`). */
export interface PlaygroundHandle {
  terminalText(program: string): string;
  oledPixels(program: string): Uint8Array | null;
  editor(program: string): CodeEditor | undefined;
  settings(): NetSettings;
}

/**
 * Enhances one `[data-udplab-playground]` element. `pending` is a toolbar click made before
 * the chunk arrived; it runs once the panel is ready.
 */
export async function mountPlayground(
  root: HTMLElement,
  pending?: { file: string; name: string },
): Promise<void> {
  const dataEl = root.querySelector('script[data-pg-data]');
  const data = JSON.parse(dataEl?.textContent ?? '{}') as PlaygroundData;
  const t = translator(data.strings);
  injectStyles();
  const progress = new ProgressArea(root.querySelector<HTMLElement>('[data-pg-progress]') as HTMLElement, t);
  const dark = document.documentElement.dataset['theme'] !== 'light';
  const plain = preferPlainEditor();
  const lesson = lessonKey();
  const shared = await decodeShareHash();
  const share: SharedState | null = shared && shared.id === data.id ? shared : null;
  let settings = share?.net ?? initialSettings(data.scenario);

  const notices: Record<string, string> = {};
  for (const [key, text] of Object.entries(data.strings)) {
    if (key.startsWith('playground.notice.')) notices[key.slice('playground.notice.'.length)] = text;
  }
  const enginePromise = loadEngine(notices);
  // Warm the interpreters this scenario needs before the first Run.
  const runtimes = [...new Set(data.programs.map((p) => p.runtime))];
  let warmFailed = false;
  let signalFailure = (): void => undefined;
  const failedSignal = new Promise<void>((resolve) => {
    signalFailure = () => {
      warmFailed = true;
      resolve();
    };
  });
  // One warm-up per interpreter: a board program's Run waits for MicroPython only, not for the
  // megabytes of CPython the same playground may still be loading for its PC.
  // As many ready workers as the playground has programs of that runtime: each Run finds its own.
  const countOf = (rt: string): number => data.programs.filter((p) => p.runtime === rt).length;
  const warmBy = new Map<string, Promise<unknown>>(
    runtimes.map((rt) => {
      const warming = enginePromise.then((engine) =>
        engine.kernel && globalThis.crossOriginIsolated
          ? withProgress(
              progress,
              t,
              `playground.loading.${rt}`,
              (onProgress) => warmInterpreter(rt, onProgress, () => engine.kernel?.prewarm(rt, countOf(rt))),
              signalFailure,
            ).then(() => engine.kernel && showPoolProgress(engine.kernel, rt, countOf(rt), progress))
          : undefined,
      );
      warming.catch(() => undefined);
      return [rt, warming];
    }),
  );

  const panels: ProgramPanel[] = [];
  let session: Session | null = null;
  let network: NetworkPanel | null = null;
  let relay: RelayPanel | null = null;
  const getSession = async (): Promise<Session> => {
    if (session) return session;
    const engine: Engine = await enginePromise;
    session = new Session(
      data,
      engine,
      {
        onWorld: (world, clock) => {
          network?.clear(clock.now());
          relay?.setWorld(world);
          for (const panel of panels) {
            const board = world.hosts.get(panel.program.host.toLowerCase())?.board;
            if (!board || !panel.oled) continue;
            const oled = panel.oled;
            oled.clear();
            oled.draw(board.oled.snapshot());
            board.oled.subscribe((snap) => oled.draw(snap));
            const wifiLine = () =>
              oled.setWifi(board.wifi.connected ? (board.wifi.staConfig[0] ?? null) : null);
            wifiLine();
            board.wifi.onChange(wifiLine);
          }
          const nameOf = (ip: string): string | undefined => {
            for (const { spec, host } of world.hosts.values())
              if (host.addresses().includes(ip)) return spec.name;
            return undefined;
          };
          network?.diagram.setResolver(nameOf);
          network?.packets.setHosts({
            nameOf,
            addressOf: (name, lan, dst) => hostAddress(world, name, lan, dst),
          });
        },
        onDatagram: (rec) => network?.show(rec),
      },
      settings,
    );
    return session;
  };

  const host: PanelHost = {
    run: async (panel) => {
      panel.terminal.clear();
      if (!globalThis.crossOriginIsolated) {
        panel.terminal.write(`${t('playground.noIsolation')}\r\n`);
        return;
      }
      const s = await getSession();
      const engine = await enginePromise;
      if (!engine.kernel) {
        panel.terminal.write(`${t('playground.runtimeMissing')}\r\n`);
        return;
      }
      // Wait for the warm-up unless it failed: then the kernel loads on demand and reports why.
      const warm = warmBy.get(panel.program.runtime);
      if (!warmFailed && warm) await Promise.race([warm.catch(() => undefined), failedSignal]);
      try {
        const proc = await s.start(panel.program, panel.editor.getValue(), panel.io);
        network?.packets.startRun(panel.program.file, s.now());
        panel.attach(proc);
        panel.terminal.focus();
      } catch (error) {
        panel.terminal.write(`\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`);
      }
    },
    stop: (panel) => session?.stop(panel.program.name),
    reset: (panel) => {
      // An edited program is the learner's work: Reset asks before it throws that away.
      const edited = panel.editor.getValue() !== panel.program.code;
      if (edited && !window.confirm(t('playground.resetConfirm', { file: panel.program.file }))) return;
      session?.stop(panel.program.name);
      clearDraft(lesson, data.id, panel.program.file);
      panel.editor.setValue(panel.program.code);
      panel.editor.clearMarks();
      panel.terminal.clear();
      panel.oled?.clear();
    },
  };

  const runAll = async (): Promise<void> => {
    const s = await getSession();
    await s.reset();
    for (const panel of panels) {
      panel.terminal.clear();
      panel.oled?.clear();
    }
    await s.world();
    for (const panel of panels) {
      await host.run(panel);
      if (panel.process) await settled(panel.process);
    }
  };

  // Network panel
  const netBox = root.querySelector<HTMLElement>('[data-pg-network]') as HTMLElement;
  network = new NetworkPanel(
    netBox,
    t,
    data.scenario.hosts.map((h) => h.name),
    settings,
    {
      change: (next) => {
        settings = next;
        void session?.applySettings(next);
      },
      rerun: () => {
        void (async () => {
          (await getSession()).applySettings(settings).catch(() => undefined);
          await runAll();
        })();
      },
      clear: () => network?.clear(0),
      share: () => {
        void (async () => {
          const code: Record<string, string> = {};
          for (const p of panels) code[p.program.file] = p.editor.getValue();
          const url = await encodeShareUrl({ id: data.id, code, net: settings });
          history.replaceState(null, '', url);
          const msg = network?.controls.message;
          try {
            await navigator.clipboard.writeText(url);
            if (msg) msg.textContent = t('playground.shareCopied');
          } catch {
            if (msg) msg.textContent = t('playground.shareFailed');
          }
        })();
      },
    },
    data.id,
  );

  // Classroom relay: real datagrams for the PC and vvBoard hosts, once the learner connects.
  relay = new RelayPanel(
    t,
    data.scenario.hosts.filter((h) => h.kind !== 'board').map((h) => h.name),
    `pg-${data.id}`,
  );
  netBox.append(relay.element);

  // Program panels: terminal first (small), then the editor (Monaco is the big download).
  const programEls = [...root.querySelectorAll<HTMLElement>('.pg-program')];
  const xtermReady = withProgress(progress, t, 'playground.loading.terminal', () => import('@xterm/xterm'));
  await xtermReady;
  for (const program of data.programs) {
    const el = programEls.find((e) => e.dataset['file'] === program.name);
    const live = el?.querySelector<HTMLElement>('[data-pg-live]');
    if (!el || !live) continue;
    const original = program.code;
    const code = share?.code[program.file] ?? loadDraft(lesson, data.id, program.file) ?? original;
    const editorBox = document.createElement('div');
    live.append(editorBox);
    const label = t('playground.editor', { file: program.file });
    const editor = await withProgress(progress, t, 'playground.loading.editor', () =>
      createEditor(
        editorBox,
        { code, label: plain ? label : `${label}. ${t('playground.tabHint')}`, dark },
        plain,
      ).catch(async (error: unknown) => {
        if (plain) throw error;
        console.warn('[udplab] Monaco failed, using the plain editor', error);
        return createEditor(editorBox, { code, label, dark }, true);
      }),
    );
    if (!plain) {
      const hint = document.createElement('p');
      hint.className = 'pg-hint';
      hint.textContent = t('playground.tabHint');
      editorBox.append(hint);
    }
    editor.onChange(() => {
      if (!saveDraft(lesson, data.id, program.file, editor.getValue()))
        console.warn('[udplab] could not save the draft');
    });
    const terminal = new ProgramTerminal(live, t, program.file, dark);
    const oled = program.hostKind === 'board' ? new OledView(live, t, program.host) : null;
    el.querySelector<HTMLElement>('[data-pg-static]')?.setAttribute('hidden', '');
    live.hidden = false;
    panels.push(new ProgramPanel(el, program, { editor, terminal, oled }, t, host));
  }
  if (share) {
    const note = document.createElement('p');
    note.className = 'pg-shared-note';
    note.textContent = t('playground.shared');
    root.prepend(note);
    root.scrollIntoView({ block: 'start' });
  }

  const handle: PlaygroundHandle = {
    terminalText: (name) =>
      panels.find((p) => p.program.name === name || p.program.file === name)?.terminal.text ?? '',
    oledPixels: (name) =>
      panels.find((p) => p.program.name === name || p.program.file === name)?.oled?.frame?.pixels ?? null,
    editor: (name) => panels.find((p) => p.program.name === name || p.program.file === name)?.editor,
    settings: () => ({ ...settings }),
  };
  (root as HTMLElement & { udplab?: PlaygroundHandle }).udplab = handle;
  root.addEventListener('udplab:action', (event) => {
    const { file, name } = (event as CustomEvent<{ file: string; name: string }>).detail;
    panels.find((p) => p.program.name === file)?.act(name, host);
  });
  // The network is built now rather than by the first Run (a board's world, with its font and
  // OLED, took ≈ 100 ms of that Run); each Run's datagrams are timed from that Run.
  if (globalThis.crossOriginIsolated) void getSession().then((s) => s.world().catch(() => undefined));
  root.dataset['pgState'] = 'ready';
  if (pending) panels.find((p) => p.program.name === pending.file)?.act(pending.name, host);
}
