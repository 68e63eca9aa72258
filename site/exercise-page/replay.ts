// The failing run of a Check, replayed in a playground below the result: the exercise's scenario
// with the learner's code as it was checked, the reference peers, the scenario's impairment and the
// failing seed, built with the lessons' own playground machinery (../playground/mount.ts) and run
// at once in the scenario's order. Playgrounds run on real time, a check on virtual time: the
// replay is faithful as far as the note it shows says, not bit for bit.

import { ActionQueue } from '../playground/action-queue.ts';
import type { PlaygroundHandle } from '../playground/mount.ts';
import type { Translate } from '../playground/i18n.ts';
import { routeToolbarClicks } from '../playground/toolbar-clicks.ts';
import type { PlaygroundData, ProgramData } from '../playground/types.ts';
import { programName, stdinLine, type Scenario } from '../runtime/scenario/index.ts';
import type { ExerciseData } from './types.ts';

/** What the learner asked to replay: the code that was checked and the seed it failed on. */
export interface ReplayRequest {
  files: Readonly<Record<string, string>>;
  seed: number;
}

/**
 * The playground data of a replay: the scenario's programs in its order (so Run all starts the
 * peers first where the check did), the learner's programs with the checked code, the seed set.
 */
export function replayData(data: ExerciseData, request: ReplayRequest): PlaygroundData {
  const scenario = data.exercise.scenario as Scenario;
  const programs: ProgramData[] = [];
  for (const spec of scenario.programs) {
    const name = programName(spec);
    const learner = data.learner.find((p) => p.name === name);
    const peer = learner ? undefined : data.peers.find((p) => p.name === name);
    const program = learner ?? peer;
    if (!program) continue;
    const code = learner ? (request.files[name] ?? learner.code) : program.code;
    const { name: _n, code: _c, ...where } = program;
    programs.push({ name, file: name, ...where, code });
  }
  return {
    id: `replay-${data.id}`,
    lang: data.lang,
    scenario: { ...scenario, seed: request.seed },
    programs,
    strings: data.strings,
  };
}

function node<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The playground's markup for `data`, as Playground.astro renders a lesson's (without the static code). */
function playgroundElement(data: PlaygroundData, title: string, t: Translate): HTMLElement {
  const root = node('section', 'udplab-pg ex-replay-pg');
  root.dataset['udplabPlayground'] = data.id;
  root.setAttribute('aria-label', t('playground.label', { title }));
  root.dataset['pgStarting'] = t('playground.state.loading');
  root.tabIndex = -1;
  const json = node('script', '');
  json.type = 'application/json';
  json.dataset['pgData'] = '';
  json.textContent = JSON.stringify(data);
  const list = node('div', 'pg-programs');
  for (const p of data.programs) {
    const el = node('div', 'pg-program');
    el.dataset['file'] = p.name;
    const head = node('div', 'pg-head not-content');
    head.append(
      node('span', 'pg-file', p.file),
      node('span', 'pg-host', p.ip ? t('playground.host', { host: p.host, ip: p.ip }) : p.host),
    );
    const bar = node('div', 'pg-toolbar');
    bar.dataset['pgToolbar'] = '';
    const button = (action: string, label: string, keys?: string, shortcut?: string) => {
      const b = node('button', action === 'run' ? 'pg-btn pg-run' : 'pg-btn', label);
      b.type = 'button';
      b.dataset['action'] = action;
      if (keys) {
        b.title = t(`playground.${action}Title`);
        b.setAttribute('aria-keyshortcuts', shortcut ?? '');
        const kbd = node('kbd', 'pg-kbd', t(keys));
        kbd.setAttribute('aria-hidden', 'true');
        b.append(' ', kbd);
      }
      if (action === 'stop') b.disabled = true;
      bar.append(b);
    };
    button('run', t('playground.run'), 'playground.keys.run', 'Control+Enter Meta+Enter');
    button('stop', t('playground.stop'), 'playground.keys.stop', 'Control+Shift+Enter Meta+Shift+Enter');
    button('reset', t('playground.reset'));
    const status = node('span', 'pg-state');
    status.dataset['pgStatus'] = '';
    status.setAttribute('role', 'status');
    bar.append(status);
    head.append(bar);
    const live = node('div', 'pg-live not-content');
    live.dataset['pgLive'] = '';
    live.hidden = true;
    el.append(head, live);
    list.append(el);
  }
  const progress = node('div', 'pg-progress not-content');
  progress.dataset['pgProgress'] = '';
  progress.hidden = true;
  const network = node('div', 'pg-network not-content');
  network.dataset['pgNetwork'] = '';
  network.hidden = true;
  root.append(json, list, progress, network);
  return root;
}

/** One exercise's replay area: at most one replay at a time. */
export class Replay {
  readonly element: HTMLElement;
  #data: ExerciseData;
  #t: Translate;
  #handle: PlaygroundHandle | null = null;
  /** Bumped by every open() and close(): an older open that is still loading gives up. */
  #generation = 0;

  constructor(data: ExerciseData, t: Translate) {
    this.#data = data;
    this.#t = t;
    this.element = node('div', 'ex-replay not-content');
    this.element.dataset['exReplay'] = '';
    this.element.hidden = true;
  }

  /** Ends the replay's programs and removes it. */
  async close(): Promise<void> {
    const generation = ++this.#generation;
    const handle = this.#handle;
    this.#handle = null;
    this.element.hidden = true;
    await handle?.dispose();
    if (generation !== this.#generation) return; // a newer replay is here now
    this.element.textContent = '';
    delete this.element.dataset['seed'];
  }

  /** Replaces any replay with a new one of `request`, and runs every program. */
  async open(request: ReplayRequest): Promise<void> {
    await this.close();
    const generation = this.#generation;
    const t = this.#t;
    const data = replayData(this.#data, request);
    const { exercise, lang } = this.#data;
    const box = this.element;
    box.dataset['seed'] = String(request.seed);
    const heading = node('p', 'ex-replay-title', t('exercise.replay.title', { seed: request.seed }));
    heading.id = `ex-${this.#data.id}-replay-title`;
    heading.tabIndex = -1;
    const close = node('button', 'pg-btn', t('exercise.replay.close'));
    close.type = 'button';
    close.dataset['action'] = 'close-replay';
    close.addEventListener('click', () => void this.close());
    const top = node('div', 'ex-replay-head');
    top.append(heading, close);
    box.append(top, node('p', 'ex-replay-note', t('exercise.replay.note', { budget: exercise.budget })));
    // Lines the check typed into a program: here the learner types them.
    for (const spec of data.scenario.programs) {
      const lines = (spec.stdin ?? []).map((l) => stdinLine(l).text);
      if (lines.length > 0)
        box.append(
          node(
            'p',
            'ex-replay-note',
            t('exercise.replay.stdin', {
              file: programName(spec),
              lines: lines.map((l) => `“${l}”`).join(', '),
            }),
          ),
        );
    }
    const root = playgroundElement(data, exercise.title[lang], t);
    box.append(root);
    box.hidden = false;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });

    const queue = new ActionQueue();
    routeToolbarClicks(root, queue, () => undefined);
    try {
      const { mountPlayground } = await import('../playground/mount.ts');
      if (generation !== this.#generation) return;
      await mountPlayground(root, queue, { persist: false, relay: false });
      const handle = (root as HTMLElement & { udplab?: PlaygroundHandle }).udplab ?? null;
      if (generation !== this.#generation) {
        await handle?.dispose();
        return;
      }
      this.#handle = handle;
      await handle?.runAll();
    } catch (error) {
      console.warn('[udplab] replay failed', error);
      if (generation !== this.#generation) return;
      const alert = node('p', 'ex-replay-note', t('exercise.replay.failed', { reason: String(error) }));
      alert.setAttribute('role', 'alert');
      root.before(alert);
    }
  }
}
