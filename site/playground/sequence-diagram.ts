// The sequence diagram: one lifeline per host, one arrow per datagram copy, lost ones ending in a cross.

import type { DatagramRecord } from '../runtime/netsim/index.ts';
import { UPLINK_LAN } from '../runtime/netsim/index.ts';
import type { Translate } from './i18n.ts';
import { payloadText } from './packet-list.ts';
import { SegmentNumbering, fateKey, segmentShort } from '../runtime/netsim/index.ts';
import { lanesOf, type Lanes } from './sequence-lanes.ts';

const SVG = 'http://www.w3.org/2000/svg';
const COLUMN = 170;
const ROW = 26;
const TOP = 40;
/** Arrows drawn; the diagram keeps the latest ones. */
const MAX_ARROWS = 200;
/** Length of the arrow of a datagram that reached no lane (it ends in a cross beside its sender). */
const STUB = 60;

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/**
 * Draws datagrams between the scenario's hosts (known up front) and, on demand, real devices
 * reached through the classroom relay. An address no host has gets no lane (sequence-lanes.ts).
 */
export class SequenceDiagram {
  readonly element: HTMLElement;
  #svg: SVGSVGElement;
  #lifelines: SVGGElement;
  #arrows: SVGGElement;
  #columns = new Map<string, number>();
  #hostByIp = new Map<string, string>();
  #drawn = new Map<DatagramRecord, SVGGElement>();
  #lanes = new Map<DatagramRecord, Lanes>();
  #order: DatagramRecord[] = [];
  /** Row of each drawn arrow (bare ACKs hidden by the switch have none). */
  #rowOf = new Map<DatagramRecord, number>();
  #rows = 0;
  #hideBareAcks = false;
  #numbering: SegmentNumbering;
  #t: Translate;

  /** @param numbering Shared with the packet list, so both number a connection's segments alike. */
  constructor(t: Translate, hosts: readonly string[], numbering = new SegmentNumbering()) {
    this.#t = t;
    this.#numbering = numbering;
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

  #column(name: string, peer = false): number {
    let x = this.#columns.get(name);
    if (x !== undefined) return x;
    x = COLUMN / 2 + this.#columns.size * COLUMN;
    this.#columns.set(name, x);
    const label = el('text', {
      x,
      y: 18,
      'text-anchor': 'middle',
      class: peer ? 'pg-seq-host pg-seq-peer' : 'pg-seq-host',
    });
    label.textContent = peer ? `${name} · ${this.#t('playground.sequencePeer')}` : name;
    this.#lifelines.append(label, el('line', { x1: x, x2: x, y1: 26, y2: '100%', class: 'pg-seq-life' }));
    return x;
  }

  #hostOf(ip: string): string | undefined {
    const known = this.#hostByIp.get(ip) ?? this.#resolve(ip);
    if (known) this.#hostByIp.set(ip, known);
    return known;
  }

  /** Adds or redraws the arrow of a record. */
  show(rec: DatagramRecord): void {
    if (rec.lan !== UPLINK_LAN) this.#hostByIp.set(rec.src[0], rec.from);
    const lanes = lanesOf(rec, (ip) => this.#hostOf(ip));
    this.#lanes.set(rec, lanes);
    if (rec.deliveredTo?.length === 1 && rec.lan !== UPLINK_LAN)
      this.#hostByIp.set(rec.dst[0], rec.deliveredTo[0]!);
    let g = this.#drawn.get(rec);
    if (!g) {
      g = el('g', {});
      this.#drawn.set(rec, g);
      this.#order.push(rec);
      this.#arrows.append(g);
      if (!this.#hidden(rec)) this.#rowOf.set(rec, this.#rows++);
      if (this.#order.length > MAX_ARROWS) this.#relayout();
    }
    this.#draw(g, rec, lanes, this.#rowOf.get(rec));
    this.#resize();
  }

  /** Hides (or draws again) the arrows of bare ACKs; the other arrows close up. */
  setHideBareAcks(hide: boolean): void {
    if (hide === this.#hideBareAcks) return;
    this.#hideBareAcks = hide;
    this.#relayout();
    this.#resize();
  }

  #hidden(rec: DatagramRecord): boolean {
    return this.#hideBareAcks && (this.#numbering.of(rec)?.bareAck ?? false);
  }

  #draw(g: SVGGElement, rec: DatagramRecord, lanes: Lanes, index: number | undefined): void {
    g.textContent = '';
    const seg = this.#numbering.of(rec);
    const kind = seg ? (seg.bareAck ? ' pg-seq-bare-ack' : ' pg-seq-tcp') : '';
    g.setAttribute(
      'class',
      `pg-seq-msg pg-fate-${rec.fate}${kind}${seg?.retransmit ? ' pg-seq-retransmit' : ''}`,
    );
    if (index === undefined) {
      g.setAttribute('display', 'none');
      return;
    }
    g.removeAttribute('display');
    const x1 = this.#column(lanes.from, lanes.from === lanes.peer);
    const nowhere = lanes.to === null;
    let x2 = lanes.to === null ? x1 + STUB : this.#column(lanes.to, lanes.to === lanes.peer);
    const y = TOP + index * ROW;
    if (x1 === x2) x2 = x1 + 40; // loopback: a short hop to the right
    const lost =
      rec.fate === 'lost' ||
      rec.fate === 'unroutable' ||
      rec.fate === 'refused' ||
      (nowhere && rec.fate !== 'in-flight');
    const end = lost && !nowhere ? x1 + (x2 - x1) * 0.6 : x2;
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
    const where = nowhere ? ` → ${rec.dst[0]}:${rec.dst[1]}` : '';
    const fate = this.#t(fateKey(rec));
    if (seg) {
      const retx = seg.retransmit ? `[${this.#t('playground.tcp.retransmission')}] ` : '';
      label.textContent = `${retx}${segmentShort(seg)} · ${fate}${where}`;
    } else {
      const text = payloadText(rec.payload);
      label.textContent = `${text.length > 18 ? `${text.slice(0, 17)}…` : text} · ${fate}${where}`;
    }
    g.append(label);
  }

  #relayout(): void {
    const dropped = this.#order.splice(0, this.#order.length - MAX_ARROWS);
    for (const rec of dropped) {
      this.#drawn.get(rec)?.remove();
      this.#drawn.delete(rec);
      this.#lanes.delete(rec);
    }
    this.#rowOf.clear();
    this.#rows = 0;
    for (const rec of this.#order) {
      if (!this.#hidden(rec)) this.#rowOf.set(rec, this.#rows++);
      const g = this.#drawn.get(rec);
      const lanes = this.#lanes.get(rec);
      if (g && lanes) this.#draw(g, rec, lanes, this.#rowOf.get(rec));
    }
  }

  #resize(): void {
    const width = Math.max(1, this.#columns.size) * COLUMN;
    const height = TOP + Math.max(2, this.#rows) * ROW;
    this.#svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.#svg.setAttribute('width', String(width));
    this.#svg.setAttribute('height', String(height));
  }

  /** Forgets the arrows and what was learned of addresses (a new world may hand them out anew). */
  clear(): void {
    this.#arrows.textContent = '';
    this.#drawn.clear();
    this.#lanes.clear();
    this.#hostByIp.clear();
    this.#order = [];
    this.#rowOf.clear();
    this.#rows = 0;
    this.#resize();
  }
}
