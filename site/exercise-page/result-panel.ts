// The result of a Check in the page: every check ✓/✗ with expected against actual, the failing
// run's seed, each learner program's traceback with the common mistake explained beside it, every
// program's output, and that run's datagrams as a packet list and a sequence diagram.

import type { Lang } from '../runtime/exercise/index.ts';
import type { Verdict } from '../runtime/exercise/index.ts';
import type { DatagramRecord, Fate } from '../runtime/netsim/index.ts';
import type { BoardResult, DatagramResult, ProgramResult, RunResult } from '../runtime/runner/index.ts';
import type { Translate } from '../playground/i18n.ts';
import { OledView } from '../playground/oled-view.ts';
import { PacketList } from '../playground/packet-list.ts';
import { SequenceDiagram } from '../playground/sequence-diagram.ts';

/** Traceback lines shown per program (its last ones: the frame and the error). */
export const TRACEBACK_LINES = 20;

function node<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** 'ip:port' → [ip, port]. */
function address(text: string): [string, number] {
  const i = text.lastIndexOf(':');
  return [text.slice(0, i), Number(text.slice(i + 1))];
}

function bytesOf(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A runner's datagram in the packet list's shape (times are ms since the run started). */
export function asRecord(d: DatagramResult): DatagramRecord {
  return {
    id: d.id,
    copy: d.copy,
    t: d.t,
    lan: d.lan,
    src: address(d.src),
    dst: address(d.dst),
    size: d.size,
    payload: bytesOf(d.payload),
    fate: d.fate as Fate,
    from: d.from,
  };
}

/** The traceback a program printed (MicroPython prints it on stdout), from its "Traceback" line. */
export function tracebackOf(p: ProgramResult): string {
  if (p.exception === null || p.exception === 'KeyboardInterrupt') return '';
  const err = (p.stderr + (p.runtime === 'micropython' ? p.stdout : '')).replace(/\r\n/g, '\n').trim();
  const lines = err.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Traceback'));
  return start < 0 ? '' : lines.slice(start).slice(-TRACEBACK_LINES).join('\n');
}

function details(summary: string, body: HTMLElement, open: boolean): HTMLDetailsElement {
  const d = node('details', 'ex-details');
  d.open = open;
  d.append(node('summary', '', summary), body);
  return d;
}

/**
 * Fills `box` with the verdict (the hints have their own list). `onReplay`, when given, is what the
 * failing run's "Replay in a playground" button does with its seed.
 */
export function renderVerdict(
  box: HTMLElement,
  verdict: Verdict,
  learner: readonly string[],
  lang: Lang,
  t: Translate,
  onReplay?: (seed: number) => void,
): void {
  box.textContent = '';
  box.hidden = false;
  delete box.dataset['stale'];
  box.dataset['passed'] = String(verdict.passed);
  const failed = verdict.checks.filter((c) => !c.passed).length;
  const head = node(
    'p',
    'ex-verdict',
    verdict.passed
      ? `✓ ${t('exercise.passed', { seeds: verdict.seeds.join(', ') })}`
      : `✗ ${t('exercise.failed', { n: failed })}`,
  );
  box.append(head);

  const list = node('ul', 'ex-checks');
  for (const c of verdict.checks) {
    const li = node('li', 'ex-check');
    li.dataset['check'] = c.id;
    li.dataset['passed'] = String(c.passed);
    li.append(node('span', 'ex-mark', c.passed ? '✓' : '✗'), node('span', 'ex-check-title', c.title[lang]));
    if (!c.passed) {
      li.append(node('span', 'ex-seed', t('exercise.seed', { seed: c.seed })));
      const dl = node('dl', 'ex-diff');
      dl.append(
        node('dt', '', t('exercise.expected')),
        node('dd', 'ex-expected', c.expected[lang]),
        node('dt', '', t('exercise.actual')),
        node('dd', 'ex-actual', c.actual[lang]),
      );
      li.append(dl);
    }
    list.append(li);
  }
  box.append(list);

  const run = verdict.failingRun;
  if (run === null || verdict.failingSeed === null) return;
  const seed = verdict.failingSeed;
  box.append(node('p', 'ex-failing-seed', t('exercise.failingRun', { seed })));
  if (onReplay) {
    const replay = node('button', 'pg-btn ex-replay-btn', t('exercise.replay'));
    replay.type = 'button';
    replay.dataset['action'] = 'replay';
    replay.dataset['seed'] = String(seed);
    replay.addEventListener('click', () => onReplay(seed));
    box.append(replay);
  }

  // Each learner program's traceback, with the mistakes seen in it beside (never instead of) it.
  for (const p of run.programs) {
    if (!learner.includes(p.name)) continue;
    const tb = tracebackOf(p);
    const mistakes = verdict.mistakes.filter((m) => m.program === p.name);
    if (tb === '' && mistakes.length === 0) continue;
    const group = node('div', 'ex-trace');
    if (tb !== '') {
      group.append(node('p', 'ex-trace-title', t('exercise.traceback', { file: p.name, seed })));
      group.append(node('pre', 'ex-traceback', tb));
    }
    for (const m of mistakes) {
      const aside = node('p', 'ex-mistake pg-mistake');
      aside.dataset['mistake'] = m.id;
      aside.append(node('strong', '', t('exercise.mistakeIn', { file: p.name })), m[lang]);
      group.append(aside);
    }
    box.append(group);
  }

  for (const board of run.boards) box.append(oled(board, seed, t));
  box.append(outputs(run, seed, t), datagrams(run, seed, t));
}

/** The pixels of an OLED as the runner reports it (64 rows of 128 '#' / '.'), lit = 1. */
export function oledPixels(ascii: string): Uint8Array {
  const pixels = new Uint8Array(128 * 64);
  ascii
    .split('\n')
    .slice(0, 64)
    .forEach((row, y) => {
      for (let x = 0; x < Math.min(row.length, 128); x++) if (row[x] === '#') pixels[y * 128 + x] = 1;
    });
  return pixels;
}

/** A board's screen at the end of the failing run, and its Wi-Fi address. */
function oled(board: BoardResult, seed: number, t: Translate): HTMLElement {
  const figure = node('div', 'ex-oled');
  figure.append(node('p', 'ex-trace-title', t('exercise.oledEnd', { host: board.host, seed })));
  const view = new OledView(figure, t, board.host);
  view.draw({
    version: 1,
    width: 128,
    height: 64,
    pixels: oledPixels(board.oled),
    inverted: false,
    contrast: 255,
    on: true,
  });
  view.setWifi(board.addresses[0] ?? null);
  return figure;
}

function outputs(run: RunResult, seed: number, t: Translate): HTMLElement {
  const body = node('div', 'ex-outputs');
  for (const p of run.programs) {
    body.append(node('p', 'pg-file', `${p.name} · ${p.host}`));
    const text = (p.stdout + p.stderr).replace(/\r\n/g, '\n').trimEnd();
    const pre = node('pre', 'ex-output', text === '' ? t('exercise.noOutput') : text);
    pre.dataset['program'] = p.name;
    body.append(pre);
  }
  return details(t('exercise.outputs', { seed }), body, false);
}

function datagrams(run: RunResult, seed: number, t: Translate): HTMLElement {
  if (run.datagrams.length === 0) return node('p', 'ex-no-datagrams', t('exercise.noDatagrams', { seed }));
  const body = node('div', 'pg-net-views');
  const packets = new PacketList(t);
  packets.setOrigin(0);
  const diagram = new SequenceDiagram(
    t,
    run.hosts.map((h) => h.name),
  );
  for (const h of run.hosts) for (const ip of h.addresses) diagram.learn(ip, h.name);
  for (const d of run.datagrams) {
    const rec = asRecord(d);
    packets.show(rec);
    diagram.show(rec);
  }
  body.append(
    details(t('playground.packets'), packets.element, true),
    details(t('playground.sequence'), diagram.element, run.datagrams.length <= 40),
  );
  return details(t('exercise.packets', { seed, n: run.datagrams.length }), body, true);
}
