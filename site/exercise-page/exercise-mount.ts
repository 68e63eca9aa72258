// The lazy entry of an exercise: turns its starters into editors (saved as the learner types), warms
// the interpreters on the first edit or Check, and runs Check in the page's kernel.

import playgroundCss from '../playground/playground.css?inline';
import exerciseCss from './exercise.css?inline';
import { checkExercise, workersFor } from '../runtime/exercise/index.ts';
import type { Verdict } from '../runtime/exercise/index.ts';
import { createEditor, preferPlainEditor } from '../playground/editor.ts';
import type { CodeEditor } from '../playground/editor-types.ts';
import { translator } from '../playground/i18n.ts';
import { ProgressArea } from '../playground/progress.ts';
import { loadEngine } from '../playground/runtime-bridge.ts';
import { locateError } from '../playground/traceback.ts';
import { warmInterpreter, withProgress } from '../playground/warm-up.ts';
import { boardGlyphs, boardModules } from '../playground/world.ts';
import { HintList } from './hint-list.ts';
import { Replay } from './replay.ts';
import { renderVerdict, tracebackOf } from './result-panel.ts';
import { clearCode, loadSaved, saveCode, saveResult } from './store.ts';
import type { ExerciseData } from './types.ts';
import { showStatus } from './status-badge.ts';
import { noIsolationKey } from '../playground/no-isolation.ts';

/** What the page's `udplab:check-result` event carries (the teacher's view reports it; never code). */
export interface CheckResultDetail {
  exercise: string;
  lesson: string;
  passed: boolean;
  at: number;
}

/** The API tests and other scripts read on the root element (`root.udplab`). */
export interface ExerciseHandle {
  editor(program: string): CodeEditor | undefined;
  /** The last Check's verdict, or null. */
  verdict(): Verdict | null;
}

function injectStyles(): void {
  if (document.head.querySelector('style[data-udplab=exercise]')) return;
  const style = document.createElement('style');
  style.dataset['udplab'] = 'exercise';
  // The playground's sheet styles the shared parts (packet list, diagram, editors) under .udplab-pg.
  style.textContent = `${playgroundCss}\n${exerciseCss}`;
  document.head.append(style);
}

/**
 * Enhances one `[data-udplab-exercise]` element. A toolbar button pressed while it loaded waits in
 * `data-ex-pending` and runs once the editors are in.
 */
export async function mountExercise(root: HTMLElement): Promise<void> {
  const data = JSON.parse(root.querySelector('script[data-ex-data]')?.textContent ?? '{}') as ExerciseData;
  const { id, exercise, lang } = data;
  const t = translator(data.strings);
  injectStyles();
  const progress = new ProgressArea(root.querySelector<HTMLElement>('[data-pg-progress]') as HTMLElement, t);
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel) as T;
  const state = q<HTMLElement>('[data-ex-state]');
  const checkBtn = q<HTMLButtonElement>('button[data-action=check]');
  const stopBtn = q<HTMLButtonElement>('button[data-action=stop]');
  const resultBox = q<HTMLElement>('[data-ex-result]');
  const solutionBox = q<HTMLElement>('[data-ex-solution]');
  const badge = q<HTMLElement>('[data-ex-badge]');
  const hints = new HintList(exercise.hints, lang, t);
  resultBox.after(hints.element);
  // The failing run, replayed in a playground below the hints on request (replay.ts).
  const replay = new Replay(data, t);
  hints.element.after(replay.element);
  /** The code of the last Check, which its failing run ran. */
  let checked: Record<string, string> = {};

  // Interpreters: only when the learner starts (first edit, or Check).
  const notices: Record<string, string> = {};
  for (const [key, text] of Object.entries(data.strings))
    if (key.startsWith('playground.notice.')) notices[key.slice('playground.notice.'.length)] = text;
  const runtimes = [...new Set([...data.learner, ...data.peers].map((p) => p.runtime))];
  // As many ready interpreters as one Check starts (programs × seeds; the kernel keeps at most its
  // poolMax): a warm Check then loads none while the learner waits.
  const need = typeof exercise.scenario === 'string' ? null : workersFor(exercise, exercise.scenario);
  let warming: Promise<unknown> | null = null;
  const warm = (): Promise<unknown> => {
    warming ??= loadEngine(notices).then((engine) =>
      engine.kernel && globalThis.crossOriginIsolated
        ? Promise.all(
            runtimes.map((rt) =>
              withProgress(progress, t, `playground.loading.${rt}`, (onProgress) =>
                warmInterpreter(rt, onProgress, () => engine.kernel?.prewarm(rt, need?.[rt] ?? 1)),
              ),
            ),
          )
        : undefined,
    );
    return warming;
  };

  // Editors, with the saved code.
  const saved = loadSaved(id);
  showStatus(badge, saved.status, t);
  const dark = document.documentElement.dataset['theme'] !== 'light';
  const plain = preferPlainEditor();
  const editors = new Map<string, CodeEditor>();
  for (const program of data.learner) {
    const el = root.querySelector<HTMLElement>(`.pg-program[data-file="${CSS.escape(program.name)}"]`);
    const live = el?.querySelector<HTMLElement>('[data-pg-live]');
    if (!el || !live) continue;
    const code = saved.files[program.name] ?? program.code;
    const box = document.createElement('div');
    live.append(box);
    const label = t('playground.editor', { file: program.name });
    const full = plain ? label : `${label}. ${t('playground.tabHint')}`;
    // Monaco keeps Tab for indenting: say how keyboard users leave it, as playgrounds do (or that
    // the light editor stays, when Monaco could not load).
    const hint = document.createElement('p');
    hint.className = 'pg-hint';
    hint.setAttribute('aria-live', 'polite');
    hint.textContent = t('playground.tabHint');
    const onUpgradeFailed = () => (hint.textContent = t('playground.editorLightOnly'));
    const editor = await withProgress(progress, t, 'playground.loading.editor', () =>
      createEditor(box, { code, label: full, dark, onUpgradeFailed }, plain).catch(async (error: unknown) => {
        if (plain) throw error;
        console.warn('[udplab] Monaco failed, using the plain editor', error);
        return createEditor(box, { code, label, dark }, true);
      }),
    );
    if (!plain) box.append(hint);
    editor.onChange(() => {
      void warm();
      if (!saveCode(id, program.name, editor.getValue())) console.warn('[udplab] could not save the code');
    });
    el.querySelector<HTMLElement>('[data-pg-static]')?.setAttribute('hidden', '');
    live.hidden = false;
    editors.set(program.name, editor);
  }

  let last: Verdict | null = null;
  let running: AbortController | null = null;
  const setBusy = (busy: boolean, text: string): void => {
    checkBtn.disabled = busy;
    stopBtn.disabled = !busy;
    state.textContent = text;
    root.dataset['exState'] = busy ? 'checking' : 'idle';
  };
  const fail = (text: string): void => {
    resultBox.hidden = false;
    resultBox.textContent = '';
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = text;
    resultBox.append(p);
  };

  const check = async (): Promise<void> => {
    if (running) return;
    const controller = new AbortController();
    running = controller;
    setBusy(true, t('exercise.checking'));
    // The last result stays readable but marked as not this code's, until the new verdict.
    if (!resultBox.hidden) resultBox.dataset['stale'] = 'true';
    // A replay of an earlier result would share the cores (and its workers) with this Check.
    await replay.close();
    try {
      if (!globalThis.crossOriginIsolated) return fail(t(noIsolationKey()));
      const engine = await loadEngine(notices);
      if (!engine.kernel) return fail(t('playground.runtimeMissing'));
      await warm().catch(() => undefined);
      const glyphs = data.learner.concat(data.peers).some((p) => p.hostKind === 'board')
        ? await boardGlyphs()
        : undefined;
      const files = Object.fromEntries([...editors].map(([name, e]) => [name, e.getValue()]));
      checked = files;
      const verdict = await checkExercise(exercise, files, {
        kernel: engine.kernel,
        readFile: (path) => {
          const text = data.files[path];
          if (text === undefined) throw new Error(`EXERCISE_ERR_FILES: ${path} is not in the page`);
          return text;
        },
        boardModules,
        ...(glyphs ? { glyphs } : {}),
        signal: controller.signal,
        // A Windows PC speaks the page's language, as in the playgrounds.
        windowsLanguage: lang === 'en' ? 'en' : 'zh',
      });
      if (controller.signal.aborted) {
        state.textContent = t('exercise.stopped');
        return;
      }
      last = verdict;
      show(verdict);
      // The toolbar's status line is the live region: it announces the outcome in a few words.
      state.textContent = verdict.passed
        ? `✓ ${t('exercise.status.passed')}`
        : `✗ ${t('exercise.failed', { n: verdict.checks.filter((c) => !c.passed).length })}`;
      const at = Date.now();
      showStatus(badge, saveResult(id, verdict.passed, at), t);
      const detail: CheckResultDetail = { exercise: id, lesson: exercise.lesson, passed: verdict.passed, at };
      window.dispatchEvent(new CustomEvent('udplab:check-result', { detail }));
    } catch (error) {
      console.warn('[udplab] check failed', error);
      fail(t('exercise.error', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      running = null;
      const text = state.textContent;
      setBusy(false, text === t('exercise.checking') ? '' : text);
    }
  };

  const show = (verdict: Verdict): void => {
    const files = checked; // the code this verdict judged, whatever is typed or checked later
    // Not while a newer Check runs: the old result is only there dimmed, and they would share the cores.
    renderVerdict(resultBox, verdict, exercise.learner, lang, t, (seed) => {
      if (!running) void replay.open({ files, seed });
    });
    hints.show(verdict.passed, verdict.hint);
    for (const [name, editor] of editors) {
      editor.clearMarks();
      const p = verdict.failingRun?.programs.find((x) => x.name === name);
      const tb = p ? tracebackOf(p) : '';
      const at = tb === '' ? null : locateError(tb, name);
      if (at) editor.markError(at.line, t('playground.tracebackAt', at));
    }
  };

  const reset = (): void => {
    const edited = data.learner.filter((p) => editors.get(p.name)?.getValue() !== p.code);
    if (edited.length === 0) return;
    if (!window.confirm(t('exercise.resetConfirm', { file: edited.map((p) => p.name).join(', ') }))) return;
    for (const p of edited) {
      clearCode(id, p.name);
      editors.get(p.name)?.setValue(p.code);
      editors.get(p.name)?.clearMarks();
    }
  };

  const showSolution = (): void => {
    if (!solutionBox.hidden) return;
    if (!window.confirm(t('exercise.solutionConfirm'))) return;
    solutionBox.textContent = '';
    for (const [name, code] of Object.entries(data.solution)) {
      const title = document.createElement('p');
      title.className = 'pg-file';
      title.textContent = t('exercise.solution', { file: name });
      const pre = document.createElement('pre');
      pre.className = 'ex-solution-code';
      pre.textContent = code;
      solutionBox.append(title, pre);
    }
    solutionBox.hidden = false;
  };

  const act = (action: string): void => {
    if (action === 'check') void check();
    else if (action === 'stop') running?.abort();
    else if (action === 'reset') reset();
    else if (action === 'solution') showSolution();
  };
  q<HTMLElement>('[data-ex-toolbar]').addEventListener('click', (event) => {
    const action = (event.target as Element).closest<HTMLButtonElement>('button[data-action]')?.dataset[
      'action'
    ];
    if (action) act(action);
  });
  const handle: ExerciseHandle = { editor: (name) => editors.get(name), verdict: () => last };
  (root as HTMLElement & { udplab?: ExerciseHandle }).udplab = handle;
  setBusy(false, '');
  const pending = root.dataset['exPending'];
  delete root.dataset['exPending'];
  if (pending) act(pending);
}
