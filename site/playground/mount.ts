// The lazy entry: turns a playground's static markup into editors, terminals and the network panel, and runs programs.

import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import playgroundCss from './playground.css?inline';
import type { ActionQueue, ToolbarAction } from './action-queue.ts';
import { BenchLayout } from './bench-layout.ts';
import { createEditor, preferPlainEditor } from './editor.ts';
import type { CodeEditor } from './editor-types.ts';
import { translator } from './i18n.ts';
import { NetworkPanel } from './network-panel.ts';
import { noIsolationKey } from './no-isolation.ts';
import { OledView } from './oled-view.ts';
import { clearDraft, lessonKey, loadDraft, saveDraft } from './persistence.ts';
import { ProgramPanel, type PanelHost } from './program-panel.ts';
import { showPoolProgress, showStdlibDownloads } from './pool-progress.ts';
import { ProgressArea } from './progress.ts';
import { RefusedHint } from './refused-hint.ts';
import { RelayPanel } from './relay-panel.ts';
import { loadEngine, type Engine } from './runtime-bridge.ts';
import { Session, settled } from './session.ts';
import { warmInterpreter, withProgress } from './warm-up.ts';
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

/**
 * How long a Run that other clicks wait behind may take to settle (block, e.g. in recvfrom, or
 * end) before the next queued click is acted on anyway: a program that prints forever must not
 * hold the queue.
 */
const QUEUED_RUN_SETTLE_MS = 10_000;

/** The API tests and other scripts read on the root element (`root.udplab`). */
export interface PlaygroundHandle {
  terminalText(program: string): string;
  /** How many times the program was started since the page loaded. */
  starts(program: string): number;
  oledPixels(program: string): Uint8Array | null;
  editor(program: string): CodeEditor | undefined;
  settings(): NetSettings;
  /** Resets the network and runs every program in the scenario's order, each once the previous one waits. */
  runAll(): Promise<void>;
  /** Ends every program and frees the editors and terminals (the element is the caller's). */
  dispose(): Promise<void>;
}

/** How a playground is mounted; the lessons' playgrounds use the defaults. */
export interface MountOptions {
  /**
   * Keep the learner's edits in localStorage, open share links and offer Share (default true).
   * An exercise's replay (../exercise-page/replay.ts) shows a copy of the learner's code: false.
   */
  persist?: boolean;
  /** Offer the classroom relay (default true): a replay of a check stays on the simulated network. */
  relay?: boolean;
}

/**
 * Enhances one `[data-udplab-playground]` element. `queue` holds the toolbar clicks made so far
 * (and takes every later one): they are acted on, in order, once the panels are ready.
 */
export async function mountPlayground(
  root: HTMLElement,
  queue: ActionQueue,
  options: MountOptions = {},
): Promise<void> {
  const persist = options.persist ?? true;
  const dataEl = root.querySelector('script[data-pg-data]');
  const data = JSON.parse(dataEl?.textContent ?? '{}') as PlaygroundData;
  const t = translator(data.strings);
  injectStyles();
  const progress = new ProgressArea(root.querySelector<HTMLElement>('[data-pg-progress]') as HTMLElement, t);
  const dark = document.documentElement.dataset['theme'] !== 'light';
  const plain = preferPlainEditor();
  const lesson = lessonKey();
  const shared = persist ? await decodeShareHash() : null;
  const share: SharedState | null = shared && shared.id === data.id ? shared : null;
  let settings = share?.net ?? initialSettings(data.scenario);

  const notices: Record<string, string> = {};
  for (const [key, text] of Object.entries(data.strings)) {
    if (key.startsWith('playground.notice.')) notices[key.slice('playground.notice.'.length)] = text;
  }
  const enginePromise = loadEngine(notices);
  // A PC program's first import outside the course's part of the standard library downloads the rest.
  const stopStdlibDownloads = enginePromise.then((engine) =>
    engine.kernel ? showStdlibDownloads(engine.kernel, progress) : () => undefined,
  );
  stopStdlibDownloads.catch(() => undefined);
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
  const refusedHint = new RefusedHint(t);
  let session: Session | null = null;
  let network: NetworkPanel | null = null;
  let relay: RelayPanel | null = null;
  const starts = new Map<string, number>();
  // One session, even when two Runs ask for it before the engine has loaded.
  let sessionPromise: Promise<Session> | null = null;
  const getSession = (): Promise<Session> => (sessionPromise ??= newSession());
  const newSession = async (): Promise<Session> => {
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
          network?.setHosts(
            [...world.hosts.values()].map(({ spec, host }) => ({
              name: spec.name,
              tcpSockets: () => host.tcpSockets(),
              udpSockets: () => host.udpSockets(),
            })),
          );
          network?.packets.setHosts({
            nameOf,
            addressOf: (name, lan, dst) => hostAddress(world, name, lan, dst),
          });
        },
        onDatagram: (rec) => {
          network?.show(rec);
          refusedHint.datagram(rec);
        },
      },
      settings,
    );
    return session;
  };

  /** Set by the handle's dispose(): nothing starts any more (a Run all under way stops starting). */
  let disposed = false;
  const host: PanelHost = {
    run: async (panel) => {
      if (disposed) return;
      starts.set(panel.program.name, (starts.get(panel.program.name) ?? 0) + 1);
      panel.terminal.clear();
      panel.setStarting();
      if (!globalThis.crossOriginIsolated) {
        panel.setState(null);
        panel.terminal.write(`${t(noIsolationKey())}\r\n`);
        return;
      }
      const s = await getSession();
      const engine = await enginePromise;
      if (disposed) return;
      if (!engine.kernel) {
        panel.setState(null);
        panel.terminal.write(`${t('playground.runtimeMissing')}\r\n`);
        return;
      }
      // Wait for the warm-up unless it failed: then the kernel loads on demand and reports why.
      const warm = warmBy.get(panel.program.runtime);
      if (!warmFailed && warm) await Promise.race([warm.catch(() => undefined), failedSignal]);
      if (disposed) return;
      try {
        const code = panel.editor.getValue();
        const proc = await s.start(panel.program, code, panel.io);
        network?.packets.startRun(panel.program.file, s.now());
        panel.attach(proc);
        // bind and listen send nothing: a program that starts waiting may have just bound a port.
        proc.onStateChange(() => network?.socketsMayHaveChanged());
        refusedHint.watch(proc, panel.program.host, code, (text) => panel.terminal.write(text));
        // Run shows its terminal: on a phone it is below the editor, or in another program's place.
        bench.showProgram(panel.root);
        panel.terminal.reveal();
        panel.terminal.focus();
      } catch (error) {
        panel.setState(null);
        panel.terminal.write(`\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`);
      }
    },
    stop: (panel) => session?.stop(panel.program.name),
    reset: (panel) => {
      // An edited program is the learner's work: Reset asks before it throws that away.
      const edited = panel.editor.getValue() !== panel.program.code;
      if (edited && !window.confirm(t('playground.resetConfirm', { file: panel.program.file }))) return;
      session?.stop(panel.program.name);
      if (persist) clearDraft(lesson, data.id, panel.program.file);
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

  if (!persist) netBox.querySelector('[data-net-action=share]')?.remove();

  // Classroom relay: real datagrams for the PC and vvBoard hosts, once the learner connects.
  if (options.relay ?? true) {
    relay = new RelayPanel(
      t,
      data.scenario.hosts.filter((h) => h.kind !== 'board').map((h) => h.name),
      `pg-${data.id}`,
    );
    netBox.append(relay.element);
  }

  // Program panels: terminal first (small), then the editor (the light one: Monaco comes on the first
  // intent to edit, editor-lazy.ts).
  const programEls = [...root.querySelectorAll<HTMLElement>('.pg-program')];
  const bench = new BenchLayout(root, t);
  const xtermReady = withProgress(progress, t, 'playground.loading.terminal', () => import('@xterm/xterm'));
  await xtermReady;
  for (const program of data.programs) {
    const el = programEls.find((e) => e.dataset['file'] === program.name);
    const live = el?.querySelector<HTMLElement>('[data-pg-live]');
    if (!el || !live) continue;
    const original = program.code;
    const code =
      share?.code[program.file] ?? (persist ? loadDraft(lesson, data.id, program.file) : null) ?? original;
    const editorBox = document.createElement('div');
    live.append(editorBox);
    const label = t('playground.editor', { file: program.file });
    // Monaco's hint below the editor; it says (politely) when entering with the keyboard turned
    // Tab into moving the focus, or that the light editor stays when Monaco could not load.
    const hint = document.createElement('p');
    hint.className = 'pg-hint';
    hint.setAttribute('aria-live', 'polite');
    hint.textContent = t('playground.tabHint');
    const onKeyboardTabFocus = () => (hint.textContent = t('playground.tabFocusAuto'));
    const onUpgradeFailed = () => (hint.textContent = t('playground.editorLightOnly'));
    const editor = await withProgress(progress, t, 'playground.loading.editor', () =>
      createEditor(
        editorBox,
        {
          code,
          label: plain ? label : `${label}. ${t('playground.tabHint')}`,
          dark,
          onKeyboardTabFocus,
          onUpgradeFailed,
        },
        plain,
      ).catch(async (error: unknown) => {
        if (plain) throw error;
        console.warn('[udplab] Monaco failed, using the plain editor', error);
        return createEditor(editorBox, { code, label, dark }, true);
      }),
    );
    bench.addFold(el, program.file, editorBox, plain ? null : hint);
    editor.onChange(() => {
      if (persist && !saveDraft(lesson, data.id, program.file, editor.getValue()))
        console.warn('[udplab] could not save the draft');
    });
    const terminal = new ProgramTerminal(live, t, program.file, dark);
    const oled = program.hostKind === 'board' ? new OledView(live, t, program.host) : null;
    el.querySelector<HTMLElement>('[data-pg-static]')?.setAttribute('hidden', '');
    live.hidden = false;
    const panel = new ProgramPanel(el, program, { editor, terminal, oled }, t);
    if (queue.pendingFor(program.name)) panel.setStarting();
    panels.push(panel);
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
    starts: (name) =>
      starts.get(
        panels.find((p) => p.program.name === name || p.program.file === name)?.program.name ?? '',
      ) ?? 0,
    oledPixels: (name) =>
      panels.find((p) => p.program.name === name || p.program.file === name)?.oled?.frame?.pixels ?? null,
    editor: (name) => panels.find((p) => p.program.name === name || p.program.file === name)?.editor,
    settings: () => ({ ...settings }),
    runAll,
    dispose: async () => {
      disposed = true;
      await session?.reset();
      for (const panel of panels) {
        panel.editor.dispose();
        panel.terminal.dispose();
      }
      // What listens beyond the playground's own elements: the document, the window, the relay.
      bench.dispose();
      relay?.dispose();
      (await stopStdlibDownloads.catch(() => () => undefined))();
    },
  };
  (root as HTMLElement & { udplab?: PlaygroundHandle }).udplab = handle;
  // The network is built now rather than by the first Run (a board's world, with its font and
  // OLED, took ≈ 100 ms of that Run); each Run's datagrams are timed from that Run.
  if (globalThis.crossOriginIsolated) void getSession().then((s) => s.world().catch(() => undefined));
  root.dataset['pgState'] = 'ready';
  // From here on the queue acts on every click: those made while loading first, in order.
  queue.attach(async (action: ToolbarAction, more) => {
    const panel = panels.find((p) => p.program.name === action.file);
    if (!panel) return;
    if (action.name === 'run') {
      await host.run(panel);
      const proc = panel.process;
      if (proc && more())
        await Promise.race([settled(proc), new Promise((r) => setTimeout(r, QUEUED_RUN_SETTLE_MS))]);
    } else if (action.name === 'stop') host.stop(panel);
    else if (action.name === 'reset') {
      host.reset(panel);
      panel.refreshStatus();
    }
  });
}
