// The sequence diagram: one lifeline per host, one arrow per datagram copy, lost ones ending in a cross.

import type { DatagramRecord } from '../runtime/netsim/records.ts';
import type { Translate } from './i18n.ts';
import { payloadText } from './packet-list.ts';

const SVG = 'http://www.w3.org/2000/svg';
const COLUMN = 170;
const ROW = 26;
const TOP = 40;
/** Arrows drawn; the diagram keeps the latest ones. */
const MAX_ARROWS = 200;

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** Draws datagrams between named hosts; hosts are known up front, unknown addresses get a column on demand. */
export class SequenceDiagram {
  readonly element: HTMLElement;
  #svg: SVGSVGElement;
  #lifelines: SVGGElement;
  #arrows: SVGGElement;
  #columns = new Map<string, number>();
  #hostByIp = new Map<string, string>();
  #drawn = new Map<DatagramRecord, SVGGElement>();
  #order: DatagramRecord[] = [];
  #t: Translate;

  constructor(t: Translate, hosts: readonly string[]) {
    this.#t = t;
    this.element = document.createElement('div');
    this.element.className = 'pg-seq';
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'group'); // not a landmark (see packet-list.ts)
    this.element.setAttribute('aria-label', t('playground.sequence'));
    this.#svg = el('svg', { role: 'img', 'aria-label': t('playground.sequence') });
    this.#lifelines = el('g', {});
    this.#arrows = el('g', {});
    this.#svg.append(this.#lifelines, this.#arrows);
    this.element.append(this.#svg);
    for (const h of hosts) this.#column(h);
    this.#resize();
  }

  #resolve: (ip: string) => string | undefined = () => undefined;

  /** Tells the diagram which host owns an address (learned from the network). */
  learn(ip: string, host: string): void {
    this.#hostByIp.set(ip, host);
  }

  /** Asks `resolve` for addresses not seen yet (a board's DHCP address appears only once it joins). */
  setResolver(resolve: (ip: string) => string | undefined): void {
    this.#resolve = resolve;
  }

  #column(name: string): number {
    let x = this.#columns.get(name);
    if (x !== undefined) return x;
    x = COLUMN / 2 + this.#columns.size * COLUMN;
    this.#columns.set(name, x);
    const label = el('text', { x, y: 18, 'text-anchor': 'middle', class: 'pg-seq-host' });
    label.textContent = name;
    this.#lifelines.append(label, el('line', { x1: x, x2: x, y1: 26, y2: '100%', class: 'pg-seq-life' }));
    return x;
  }

  #hostOf(ip: string, fallback: string): string {
    if (ip === '127.0.0.1') return fallback;
    const known = this.#hostByIp.get(ip) ?? this.#resolve(ip);
    if (known) this.#hostByIp.set(ip, known);
    return known ?? ip;
  }

  /** Adds or redraws the arrow of a record. */
  show(rec: DatagramRecord): void {
    this.#hostByIp.set(rec.src[0], rec.from);
    const from = rec.from;
    const to = rec.deliveredTo?.[0] ?? this.#hostOf(rec.dst[0], from);
    if (rec.deliveredTo?.[0]) this.#hostByIp.set(rec.dst[0], rec.deliveredTo[0]);
    let g = this.#drawn.get(rec);
    if (!g) {
      g = el('g', {});
      this.#drawn.set(rec, g);
      this.#order.push(rec);
      this.#arrows.append(g);
      if (this.#order.length > MAX_ARROWS) this.#relayout();
    }
    this.#draw(g, rec, from, to, this.#order.indexOf(rec));
    this.#resize();
  }

  #draw(g: SVGGElement, rec: DatagramRecord, from: string, to: string, index: number): void {
    g.textContent = '';
    g.setAttribute('class', `pg-seq-msg pg-fate-${rec.fate}`);
    const x1 = this.#column(from);
    let x2 = this.#column(to);
    const y = TOP + index * ROW;
    if (x1 === x2) x2 = x1 + 40; // loopback: a short hop to the right
    const lost = rec.fate === 'lost' || rec.fate === 'unroutable' || rec.fate === 'refused';
    const end = lost ? x1 + (x2 - x1) * 0.6 : x2;
    g.append(
      el('line', {
        x1,
        y1: y,
        x2: end,
        y2: y + 8,
        class: 'pg-seq-arrow',
        'stroke-dasharray': lost ? '4 3' : '0',
      }),
    );
    if (lost) {
      g.append(el('path', { d: `M${end - 5} ${y + 3}l10 10m0 -10l-10 10`, class: 'pg-seq-cross' }));
    } else {
      const dir = Math.sign(x2 - x1) || 1;
      g.append(el('path', { d: `M${x2} ${y + 8}l${-8 * dir} -6v8z`, class: 'pg-seq-head' }));
    }
    const label = el('text', { x: (x1 + end) / 2, y: y - 3, 'text-anchor': 'middle', class: 'pg-seq-label' });
    const text = payloadText(rec.payload);
    label.textContent = `${text.length > 18 ? `${text.slice(0, 17)}…` : text} · ${this.#t(`playground.fate.${rec.fate}`)}`;
    g.append(label);
  }

  #relayout(): void {
    const dropped = this.#order.splice(0, this.#order.length - MAX_ARROWS);
    for (const rec of dropped) {
      this.#drawn.get(rec)?.remove();
      this.#drawn.delete(rec);
    }
    this.#order.forEach((rec, i) => {
      const g = this.#drawn.get(rec);
      if (g) this.#draw(g, rec, rec.from, rec.deliveredTo?.[0] ?? this.#hostOf(rec.dst[0], rec.from), i);
    });
  }

  #resize(): void {
    const width = Math.max(1, this.#columns.size) * COLUMN;
    const height = TOP + Math.max(2, this.#order.length) * ROW;
    this.#svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.#svg.setAttribute('width', String(width));
    this.#svg.setAttribute('height', String(height));
  }

  clear(): void {
    this.#arrows.textContent = '';
    this.#drawn.clear();
    this.#order = [];
    this.#resize();
  }
}
