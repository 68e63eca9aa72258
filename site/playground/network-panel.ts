// The network panel of a playground: controls, packet list and sequence diagram, fed by the session's datagrams.

import type { DatagramRecord } from '../runtime/netsim/index.ts';
import type { Translate } from './i18n.ts';
import { NetControls, type NetControlHandlers } from './net-controls.ts';
import { PacketList } from './packet-list.ts';
import { SequenceDiagram } from './sequence-diagram.ts';
import type { NetSettings } from './types.ts';

/** Fills the playground's [data-pg-network] box. */
export class NetworkPanel {
  readonly controls: NetControls;
  readonly packets: PacketList;
  readonly diagram: SequenceDiagram;

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
    this.packets = new PacketList(t);
    this.diagram = new SequenceDiagram(t, hosts);
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
    views.append(
      section('playground.sequence', this.diagram.element),
      section('playground.packets', this.packets.element),
    );
    box.append(heading, views, this.controls.element);
    box.hidden = false;
  }

  /** A datagram was created or changed fate. */
  show(rec: DatagramRecord): void {
    this.packets.show(rec);
    this.diagram.show(rec);
  }

  clear(t0: number): void {
    this.packets.clear();
    this.packets.setOrigin(t0);
    this.diagram.clear();
  }
}
