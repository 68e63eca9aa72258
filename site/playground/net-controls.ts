// The network panel's controls: loss, delay, jitter, duplication, reordering, seed, and the run/share buttons.

import type { Translate } from './i18n.ts';
import type { NetSettings } from './types.ts';

interface Field {
  key: keyof NetSettings;
  label: string;
  /** Shown value = stored value × scale (percent for probabilities). */
  scale: number;
  max: number;
  step: number;
}

const FIELDS: readonly Field[] = [
  { key: 'loss', label: 'playground.impair.loss', scale: 100, max: 100, step: 1 },
  { key: 'delayMs', label: 'playground.impair.delay', scale: 1, max: 5000, step: 10 },
  { key: 'jitterMs', label: 'playground.impair.jitter', scale: 1, max: 5000, step: 10 },
  { key: 'duplicate', label: 'playground.impair.duplicate', scale: 100, max: 100, step: 1 },
  { key: 'reorder', label: 'playground.impair.reorder', scale: 100, max: 100, step: 1 },
  { key: 'seed', label: 'playground.impair.seed', scale: 1, max: 2 ** 31 - 1, step: 1 },
];

/** Callbacks of the controls. */
export interface NetControlHandlers {
  /** A setting changed (applied at once to the running network; the seed on the next run). */
  change(settings: NetSettings): void;
  rerun(): void;
  share(): void;
  clear(): void;
}

/** Builds the controls; `set()` updates them from outside (share links, reset). */
export class NetControls {
  readonly element: HTMLElement;
  #inputs = new Map<keyof NetSettings, HTMLInputElement>();
  #settings: NetSettings;
  /** Live message area (share copied, …). */
  readonly message: HTMLElement;

  constructor(t: Translate, initial: NetSettings, handlers: NetControlHandlers, idPrefix: string) {
    this.#settings = { ...initial };
    this.element = document.createElement('div');
    this.element.className = 'pg-controls';
    const fields = document.createElement('div');
    fields.className = 'pg-fields';
    for (const f of FIELDS) {
      const label = document.createElement('label');
      const id = `${idPrefix}-${f.key}`;
      label.htmlFor = id;
      label.textContent = t(f.label);
      const input = document.createElement('input');
      input.type = 'number';
      input.id = id;
      input.min = '0';
      input.max = String(f.max);
      input.step = String(f.step);
      input.dataset['setting'] = f.key;
      input.addEventListener('change', () => {
        const raw = Number(input.value);
        const shown = Number.isFinite(raw) ? Math.min(f.max, Math.max(0, raw)) : 0;
        this.#settings = {
          ...this.#settings,
          [f.key]: f.key === 'seed' ? Math.round(shown) : shown / f.scale,
        };
        this.#show(f);
        handlers.change({ ...this.#settings });
      });
      this.#inputs.set(f.key, input);
      const cell = document.createElement('div');
      cell.append(label, input);
      fields.append(cell);
    }
    const buttons = document.createElement('div');
    buttons.className = 'pg-net-buttons';
    const mk = (key: string, cb: () => void, primary = false) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = primary ? 'pg-btn pg-run' : 'pg-btn';
      b.textContent = t(key);
      b.dataset['netAction'] = key.replace('playground.', '');
      b.addEventListener('click', cb);
      buttons.append(b);
    };
    mk('playground.rerun', handlers.rerun, true);
    mk('playground.clearPackets', handlers.clear);
    mk('playground.share', handlers.share);
    this.message = document.createElement('span');
    this.message.className = 'pg-net-message';
    this.message.setAttribute('role', 'status');
    buttons.append(this.message);
    this.element.append(fields, buttons);
    this.set(initial);
  }

  #show(f: Field): void {
    const input = this.#inputs.get(f.key);
    if (input) input.value = String(Math.round(this.#settings[f.key] * f.scale * 1000) / 1000);
  }

  get settings(): NetSettings {
    return { ...this.#settings };
  }

  set(settings: NetSettings): void {
    this.#settings = { ...settings };
    for (const f of FIELDS) this.#show(f);
  }
}
