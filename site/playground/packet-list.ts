// The live packet list: one row per datagram copy, updated in place as its fate resolves.

import type { DatagramRecord } from '../runtime/netsim/records.ts';
import type { Translate } from './i18n.ts';

/** Rows kept in the table; older ones scroll off (the network keeps its own bounded log). */
const MAX_ROWS = 500;
/** Payload bytes shown as text and hex. */
const SHOWN_BYTES = 48;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Payload as readable text: UTF-8 where it decodes, control characters as '.'. */
export function payloadText(bytes: Uint8Array): string {
  let out = '';
  for (const ch of decoder.decode(bytes.subarray(0, SHOWN_BYTES))) {
    const cp = ch.codePointAt(0) ?? 0;
    out += cp < 0x20 || cp === 0x7f || cp === 0xfffd ? '.' : ch;
  }
  return out;
}

/** Payload as spaced hex. */
export function payloadHex(bytes: Uint8Array): string {
  return [...bytes.subarray(0, SHOWN_BYTES)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The table and its rows by record. */
export class PacketList {
  readonly element: HTMLElement;
  #body: HTMLTableSectionElement;
  #empty: HTMLElement;
  #rows = new Map<DatagramRecord, HTMLTableRowElement>();
  #t: Translate;
  #t0 = 0;

  constructor(t: Translate) {
    this.#t = t;
    this.element = document.createElement('div');
    this.element.className = 'pg-packets';
    const scroller = document.createElement('div');
    scroller.className = 'pg-packets-scroll';
    scroller.tabIndex = 0;
    // A group, not a region: two playgrounds on one page would give two landmarks of the same name.
    scroller.setAttribute('role', 'group');
    scroller.setAttribute('aria-label', t('playground.packets'));
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const key of ['time', 'route', 'size', 'payload', 'fate']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t(`playground.packets.${key}`);
      head.append(th);
    }
    this.#body = table.createTBody();
    this.#empty = document.createElement('p');
    this.#empty.className = 'pg-packets-empty';
    this.#empty.textContent = t('playground.packets.empty');
    scroller.append(table);
    this.element.append(scroller, this.#empty);
  }

  /** Times are shown relative to this (the run's start). */
  setOrigin(t0: number): void {
    this.#t0 = t0;
  }

  /** Adds or refreshes the row of a record. */
  show(rec: DatagramRecord): void {
    let row = this.#rows.get(rec);
    if (!row) {
      row = this.#body.insertRow();
      this.#rows.set(rec, row);
      for (let i = 0; i < 5; i++) row.insertCell();
      this.#empty.hidden = true;
      if (this.#rows.size > MAX_ROWS) {
        const [oldest] = this.#rows;
        if (oldest) {
          oldest[1].remove();
          this.#rows.delete(oldest[0]);
        }
      }
    }
    row.dataset['fate'] = rec.fate;
    row.dataset['id'] = `${rec.id}.${rec.copy}`;
    const [time, route, size, payload, fate] = row.cells;
    if (!time || !route || !size || !payload || !fate) return;
    time.textContent = `${((rec.t - this.#t0) / 1000).toFixed(3)} s`;
    route.textContent = `${rec.src[0]}:${rec.src[1]} → ${rec.dst[0]}:${rec.dst[1]}`;
    size.textContent = this.#t('playground.packets.bytes', { n: rec.size });
    payload.textContent = '';
    const text = document.createElement('span');
    text.className = 'pg-payload-text';
    text.textContent = payloadText(rec.payload);
    const hex = document.createElement('code');
    hex.className = 'pg-payload-hex';
    hex.textContent = payloadHex(rec.payload);
    payload.append(text, hex);
    fate.textContent = this.#t(`playground.fate.${rec.fate}`) + (rec.copy > 0 ? ' ⧉' : '');
    fate.className = `pg-fate pg-fate-${rec.fate}`;
    const scroller = this.element.firstElementChild as HTMLElement;
    if (scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60)
      scroller.scrollTop = scroller.scrollHeight;
  }

  clear(): void {
    this.#body.textContent = '';
    this.#rows.clear();
    this.#empty.hidden = false;
  }
}
