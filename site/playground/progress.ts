// The loading strip of a playground: what is loading, a progress bar, and a failure with a retry button.

import type { Translate } from './i18n.ts';

/** One loading step shown to the learner. */
export interface ProgressHandle {
  /** Fraction 0..1, or null when the total is unknown (indeterminate bar). */
  update(fraction: number | null): void;
  done(): void;
  /** Shows why the step failed and a Retry button that calls `retry`. */
  fail(reason: string, retry: () => void): void;
}

/** Shows loading steps in `box` (the playground's [data-pg-progress]); several may run at once. */
export class ProgressArea {
  #box: HTMLElement;
  #t: Translate;
  #active = 0;

  constructor(box: HTMLElement, t: Translate) {
    this.#box = box;
    this.#t = t;
  }

  /** Starts a step labelled by the string key `labelKey` (e.g. 'playground.loading.editor'). */
  start(labelKey: string): ProgressHandle {
    const row = document.createElement('div');
    row.className = 'pg-progress-row';
    const label = document.createElement('span');
    label.id = `pg-progress-${Math.random().toString(36).slice(2)}`;
    label.textContent = this.#t(labelKey);
    const bar = document.createElement('progress');
    bar.max = 1;
    bar.setAttribute('aria-labelledby', label.id);
    row.append(label, bar);
    this.#box.append(row);
    this.#box.hidden = false;
    this.#active++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      row.remove();
      if (--this.#active === 0 && !this.#box.querySelector('[role=alert]')) this.#box.hidden = true;
    };
    return {
      update: (fraction) => {
        if (fraction === null) bar.removeAttribute('value');
        else bar.value = Math.max(0, Math.min(1, fraction));
      },
      done: finish,
      fail: (reason, retry) => {
        bar.remove();
        const what = label.textContent ?? '';
        label.textContent = this.#t('playground.loadFailed', { what: what.replace(/[….]+$/, ''), reason });
        label.setAttribute('role', 'alert');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'pg-btn';
        button.textContent = this.#t('playground.retry');
        button.addEventListener('click', () => {
          finish();
          retry();
        });
        row.append(button);
      },
    };
  }
}
