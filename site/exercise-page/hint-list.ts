// Hints one at a time after a failed Check: the verdict's own hint first, then "Next hint" reveals
// the exercise's others in their order. Hidden again on a pass.

import type { Hint, Lang } from '../runtime/exercise/index.ts';
import type { Translate } from '../playground/i18n.ts';

export class HintList {
  readonly element: HTMLElement;
  #hints: readonly Hint[];
  #lang: Lang;
  #t: Translate;
  #list: HTMLOListElement;
  #next: HTMLButtonElement;
  #shown: Hint[] = [];

  constructor(hints: readonly Hint[], lang: Lang, t: Translate) {
    this.#hints = hints;
    this.#lang = lang;
    this.#t = t;
    this.element = document.createElement('div');
    this.element.className = 'ex-hints';
    this.element.hidden = true;
    this.#list = document.createElement('ol');
    this.#list.className = 'ex-hint-list';
    this.#next = document.createElement('button');
    this.#next.type = 'button';
    this.#next.className = 'pg-btn';
    this.#next.dataset['action'] = 'next-hint';
    this.#next.textContent = t('exercise.nextHint');
    this.#next.addEventListener('click', () => this.next());
    this.element.append(this.#list, this.#next);
  }

  /** After a Check: a failure starts over from its hint (or the first); a pass hides the hints. */
  show(passed: boolean, hint: Hint | null): void {
    this.#shown = [];
    this.#list.textContent = '';
    this.element.hidden = passed;
    if (passed) return;
    this.#add(hint ?? this.#hints[0] ?? null);
  }

  /** Reveals the next hint not shown yet, in the exercise's order. */
  next(): void {
    this.#add(this.#hints.find((h) => !this.#shown.includes(h)) ?? null);
  }

  #add(hint: Hint | null): void {
    if (hint !== null) {
      this.#shown.push(hint);
      const li = document.createElement('li');
      li.className = 'ex-hint';
      li.dataset['hint'] = hint.id;
      const label = document.createElement('strong');
      label.textContent = `${this.#t('exercise.hint', { n: this.#shown.length })} `;
      li.append(label, hint[this.#lang]);
      this.#list.append(li);
    }
    const left = this.#hints.some((h) => !this.#shown.includes(h));
    this.#next.disabled = !left;
    this.#next.textContent = this.#t(left ? 'exercise.nextHint' : 'exercise.noMoreHints');
  }
}
