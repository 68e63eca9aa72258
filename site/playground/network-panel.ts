// The network panel of a playground: controls, packet list and sequence diagram, fed by the session's datagrams.

import type { DatagramRecord } from '../runtime/netsim/index.ts';
import type { Translate } from './i18n.ts';
import { NetControls, type NetControlHandlers } from './net-controls.ts';
import { PacketList } from './packet-list.ts';
import { SegmentNumbering } from '../runtime/netsim/index.ts';
import { SequenceDiagram } from './sequence-diagram.ts';
import { SocketTables, type SocketSource } from './socket-table.ts';
import type { NetSettings } from './types.ts';

/** How often the open socket tables are read again while nothing is sent (bind, listen, TIME-WAIT ending). */
export const SOCKETS_REFRESH_MS = 1000;

/** Fills the playground's [data-pg-network] box. */
export class NetworkPanel {
  readonly controls: NetControls;
  readonly packets: PacketList;
  readonly diagram: SequenceDiagram;
  readonly sockets: SocketTables;
  readonly #numbering = new SegmentNumbering();
  /** The "hide bare ACKs" switch: shown once the first TCP segment is. */
  readonly #ackSwitch: HTMLLabelElement;
  readonly #socketSection: HTMLDetailsElement;
  #sawTcp = false;
  /** The sockets section opened by itself once (the first bound socket), or the learner toggled it: it is theirs now. */
  #socketsSettled = false;
  #refreshQueued = false;

  constructor(
    box: HTMLElement,
    t: Translate,
    hosts: readonly string[],
    settings: NetSettings,
    handlers: NetControlHandlers,
    id: string,
  ) {
    const heading = document.createElement('p');
    heading.className = 'pg-net-title';
    heading.textContent = t('playground.network');
    this.controls = new NetControls(t, settings, handlers, `pg-${id}`);
    this.packets = new PacketList(t, this.#numbering);
    this.diagram = new SequenceDiagram(t, hosts, this.#numbering);
    this.sockets = new SocketTables(t);
    this.#ackSwitch = document.createElement('label');
    this.#ackSwitch.className = 'pg-ack-switch';
    this.#ackSwitch.hidden = true;
    const hide = document.createElement('input');
    hide.type = 'checkbox';
    hide.addEventListener('change', () => {
      this.packets.setHideBareAcks(hide.checked);
      this.diagram.setHideBareAcks(hide.checked);
    });
    this.#ackSwitch.append(hide, ` ${t('playground.tcp.hideBareAcks')}`);
    const views = document.createElement('div');
    views.className = 'pg-net-views';
    const section = (titleKey: string, body: HTMLElement) => {
      const d = document.createElement('details');
      d.open = true;
      const s = document.createElement('summary');
      s.textContent = t(titleKey);
      d.append(s, body);
      return d;
    };
    // The bench's order: what happened first (the diagram, then the datagrams one by one), the
    // knobs after, so that the diagram is in view with the programs' terminals.
    // The sockets (ss -tuan) stay folded until a socket holds a port (a server bound or
    // listening, a client's first send): then they open by themselves, once.
    this.#socketSection = section('playground.sockets', this.sockets.element);
    this.#socketSection.open = false;
    this.#socketSection.classList.add('pg-sockets-section');
    this.#socketSection.querySelector('summary')?.addEventListener('click', () => {
      this.#socketsSettled = true;
    });
    const tick = window.setInterval(() => {
      if (!box.isConnected) window.clearInterval(tick);
      else if (this.#socketSection.open) this.sockets.refresh();
      else this.socketsMayHaveChanged();
    }, SOCKETS_REFRESH_MS);
    this.#socketSection.addEventListener('toggle', () => {
      if (this.#socketSection.open) this.sockets.refresh();
    });
    views.append(
      this.#ackSwitch,
      section('playground.sequence', this.diagram.element),
      section('playground.packets', this.packets.element),
      this.#socketSection,
    );
    box.append(heading, views, this.controls.element);
    box.hidden = false;
  }

  /** A datagram was created or changed fate. */
  show(rec: DatagramRecord): void {
    if (rec.tcp && !this.#sawTcp) {
      this.#sawTcp = true;
      this.#ackSwitch.hidden = false;
    }
    this.packets.show(rec);
    this.diagram.show(rec);
    this.socketsMayHaveChanged();
    this.#queueRefresh();
  }

  /**
   * A program changed state (it waits in accept or recvfrom, or ended) or sent something: opens
   * the folded sockets section the first time a socket holds a port (bind and listen send nothing).
   */
  socketsMayHaveChanged(): void {
    if (this.#socketsSettled || this.#socketSection.open) return;
    if (!this.sockets.anyBound()) return;
    this.#socketsSettled = true;
    this.#socketSection.open = true;
  }

  /** The hosts of a new world, whose sockets the tables list. */
  setHosts(hosts: readonly SocketSource[]): void {
    this.sockets.setHosts(hosts);
  }

  /** Lists the sockets again after the current burst of datagrams (once per frame at most). */
  #queueRefresh(): void {
    // Folded: nothing to show (opening it reads the sockets).
    if (this.#refreshQueued || !this.#socketSection.open) return;
    this.#refreshQueued = true;
    requestAnimationFrame(() => {
      this.#refreshQueued = false;
      this.sockets.refresh();
    });
  }

  clear(t0: number): void {
    this.packets.clear();
    this.packets.setOrigin(t0);
    this.diagram.clear();
    this.#numbering.clear();
  }
}
