// The live packet list: one row per datagram copy, updated in place as its fate resolves.

import type { DatagramRecord, RelayRule } from '../runtime/netsim/index.ts';
import type { Translate } from './i18n.ts';
import { SegmentNumbering, fateKey, segmentInfo } from '../runtime/netsim/index.ts';

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

/** How the list names hosts: set by the playground once its network exists. */
export interface HostLookup {
  /** The simulated host that owns `ip`, if any. */
  nameOf(ip: string): string | undefined;
  /** The source address host `name` sends from over `lan` to `dst`, for a socket bound to 0.0.0.0. */
  addressOf(name: string, lan: string, dst: string): string | undefined;
}

const ANY = '0.0.0.0';
const COLUMNS = ['time', 'from', 'to', 'size', 'payload', 'fate'] as const;

/** One run's rows: a header that folds them, and the rows. */
interface RunGroup {
  body: HTMLTableSectionElement;
  button: HTMLButtonElement | null;
  label: string;
  rows: number;
}

/**
 * The table and its rows by record. Each Run (`startRun`) opens a group of rows under a header;
 * starting one folds the earlier groups, which the learner can open again.
 */
export class PacketList {
  readonly element: HTMLElement;
  #table: HTMLTableElement;
  #empty: HTMLElement;
  #rows = new Map<DatagramRecord, { row: HTMLTableRowElement; group: RunGroup }>();
  #groups: RunGroup[] = [];
  #runs = 0;
  #hosts: HostLookup | null = null;
  #t: Translate;
  #t0 = 0;
  #numbering: SegmentNumbering;

  /** @param numbering Shared with the diagram, so both number a connection's segments alike. */
  constructor(t: Translate, numbering = new SegmentNumbering()) {
    this.#t = t;
    this.#numbering = numbering;
    this.element = document.createElement('div');
    this.element.className = 'pg-packets';
    const scroller = document.createElement('div');
    scroller.className = 'pg-packets-scroll';
    scroller.tabIndex = 0;
    // A group, not a region: two playgrounds on one page would give two landmarks of the same name.
    scroller.setAttribute('role', 'group');
    scroller.setAttribute('aria-label', t('playground.packets'));
    const table = document.createElement('table');
    this.#table = table;
    const head = table.createTHead().insertRow();
    for (const key of COLUMNS) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.className = `pg-col-${key}`;
      th.textContent = t(`playground.packets.${key}`);
      head.append(th);
    }
    this.#empty = document.createElement('p');
    this.#empty.className = 'pg-packets-empty';
    this.#empty.textContent = t('playground.packets.empty');
    scroller.append(table);
    this.element.append(scroller, this.#empty);
  }

  /** Hides (or shows again) the rows of bare ACKs: TCP segments with no payload and no flag but ACK. */
  setHideBareAcks(hide: boolean): void {
    this.#table.classList.toggle('pg-hide-acks', hide);
  }

  /** Times are shown relative to this (the run's start). */
  setOrigin(t0: number): void {
    this.#t0 = t0;
  }

  /** Names hosts and fills in a 0.0.0.0 source with the sending host's address. */
  setHosts(lookup: HostLookup | null): void {
    this.#hosts = lookup;
  }

  /**
   * A new Run of `file`: its datagrams are listed in a group of their own, timed from `t0` when
   * given; earlier groups fold.
   */
  startRun(file: string, t0?: number): void {
    if (t0 !== undefined) this.#t0 = t0;
    for (const group of this.#groups) this.#fold(group, true);
    const body = this.#table.createTBody();
    body.className = 'pg-run';
    const head = body.insertRow();
    head.className = 'pg-run-head';
    const cell = document.createElement('th');
    cell.scope = 'rowgroup';
    cell.colSpan = COLUMNS.length;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pg-run-toggle';
    cell.append(button);
    head.append(cell);
    const group: RunGroup = {
      body,
      button,
      label: this.#t('playground.packets.run', { n: ++this.#runs, file }),
      rows: 0,
    };
    button.addEventListener('click', () =>
      this.#fold(group, button.getAttribute('aria-expanded') === 'true'),
    );
    this.#groups.push(group);
    this.#fold(group, false);
  }

  #fold(group: RunGroup, folded: boolean): void {
    group.body.classList.toggle('pg-run-folded', folded);
    if (!group.button) return;
    group.button.setAttribute('aria-expanded', String(!folded));
    group.button.textContent = `${group.label} · ${this.#t('playground.packets.count', { n: group.rows })}`;
  }

  #current(): RunGroup {
    let group = this.#groups.at(-1);
    if (!group) {
      group = { body: this.#table.createTBody(), button: null, label: '', rows: 0 };
      this.#groups.push(group);
    }
    return group;
  }

  /** "name" above "address:port"; the address alone for a machine outside the simulation. */
  #endpoint(cell: HTMLTableCellElement, name: string | undefined, ip: string, port: number): void {
    cell.textContent = '';
    if (name && name !== ip) {
      const n = document.createElement('span');
      n.className = 'pg-host-name';
      n.textContent = name;
      cell.append(n);
    }
    const a = document.createElement('span');
    a.className = 'pg-host-addr';
    a.textContent = `${ip}:${port}`;
    cell.append(a);
  }

  /** Adds or refreshes the row of a record. */
  show(rec: DatagramRecord): void {
    let entry = this.#rows.get(rec);
    if (!entry) {
      const group = this.#current();
      const row = group.body.insertRow();
      entry = { row, group };
      this.#rows.set(rec, entry);
      for (let i = 0; i < COLUMNS.length; i++) row.insertCell().className = `pg-col-${COLUMNS[i] ?? ''}`;
      group.rows++;
      this.#fold(group, group.body.classList.contains('pg-run-folded'));
      this.#empty.hidden = true;
      if (this.#rows.size > MAX_ROWS) {
        const [oldest] = this.#rows;
        if (oldest) {
          oldest[1].row.remove();
          this.#rows.delete(oldest[0]);
          const old = oldest[1].group;
          if (--old.rows === 0 && old !== group) {
            old.body.remove();
            this.#groups.splice(this.#groups.indexOf(old), 1);
          }
        }
      }
    }
    const row = entry.row;
    row.dataset['fate'] = rec.fate;
    row.dataset['id'] = `${rec.id}.${rec.copy}`;
    const [time, from, to, size, payload, fate] = row.cells;
    if (!time || !from || !to || !size || !payload || !fate) return;
    time.textContent = `${((rec.t - this.#t0) / 1000).toFixed(3)} s`;
    const srcIp =
      rec.src[0] === ANY ? (this.#hosts?.addressOf(rec.from, rec.lan, rec.dst[0]) ?? ANY) : rec.src[0];
    this.#endpoint(from, this.#hosts?.nameOf(srcIp) ?? rec.from, srcIp, rec.src[1]);
    const toName = rec.deliveredTo?.length === 1 ? rec.deliveredTo[0] : this.#hosts?.nameOf(rec.dst[0]);
    this.#endpoint(to, toName, rec.dst[0], rec.dst[1]);
    size.textContent = this.#t('playground.packets.bytes', { n: rec.size });
    payload.textContent = '';
    const seg = this.#numbering.of(rec);
    if (seg) {
      row.dataset['tcp'] = seg.bareAck ? 'bare-ack' : 'segment';
      row.classList.toggle('pg-bare-ack', seg.bareAck);
      row.classList.toggle('pg-retransmit', seg.retransmit);
      const info = document.createElement('span');
      info.className = 'pg-tcp-info';
      info.textContent = segmentInfo(seg);
      if (seg.retransmit) {
        const mark = document.createElement('strong');
        mark.className = 'pg-tcp-retransmit';
        mark.textContent = `[${this.#t('playground.tcp.retransmission')}] `;
        info.prepend(mark);
      }
      payload.append(info);
    }
    if (seg && seg.len === 0) {
      this.#fate(rec, fate);
      this.#follow();
      return;
    }
    const text = document.createElement('span');
    text.className = 'pg-payload-text';
    text.textContent = payloadText(rec.payload);
    const hex = document.createElement('code');
    hex.className = 'pg-payload-hex';
    hex.textContent = payloadHex(rec.payload);
    payload.append(text, hex);
    this.#fate(rec, fate);
    this.#follow();
  }

  #fate(rec: DatagramRecord, fate: HTMLTableCellElement): void {
    fate.textContent = this.#t(fateKey(rec)) + (rec.copy > 0 ? ' ⧉' : '');
    if (rec.relayRule)
      fate.textContent = this.#t('playground.fate.withRule', {
        fate: fate.textContent,
        rule: relayRuleText(this.#t, rec.relayRule),
      });
    fate.className = `pg-col-fate pg-fate pg-fate-${rec.fate}`;
  }

  /** Keeps the newest row in view unless the learner scrolled up. */
  #follow(): void {
    const scroller = this.element.firstElementChild as HTMLElement;
    if (scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60)
      scroller.scrollTop = scroller.scrollHeight;
  }

  clear(): void {
    for (const group of this.#groups) group.body.remove();
    this.#groups = [];
    this.#runs = 0;
    this.#rows.clear();
    this.#empty.hidden = false;
  }
}

/** The relay's rule in the page's language, with the flag that would allow it ("loopback; … --allow-loopback"). */
export function relayRuleText(t: Translate, rule: RelayRule): string {
  const key = `playground.relay.rule.${rule.reason}`;
  const reason = t(key) === key ? rule.reason : t(key);
  return rule.allow ? t('playground.relay.rule.allow', { reason, flag: rule.allow }) : reason;
}
