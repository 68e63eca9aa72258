// Each host's sockets as `ss -tuan` lists them: TCP with its state, UDP as UNCONN or ESTAB.

import type { TcpSocketInfo, UdpSocketInfo } from '../runtime/netsim/index.ts';
import type { Translate } from './i18n.ts';

/** One line of `ss -tuan`. */
export interface SsRow {
  netid: 'tcp' | 'udp';
  /** ss's state name: LISTEN, SYN-SENT, SYN-RECV, ESTAB, FIN-WAIT-1, … TIME-WAIT; UDP UNCONN / ESTAB. */
  state: string;
  recvQ: number;
  sendQ: number;
  local: string;
  peer: string;
}

/** RFC 9293's names where ss abbreviates them. */
const SS_STATE: Record<string, string> = {
  ESTABLISHED: 'ESTAB',
  'SYN-RECEIVED': 'SYN-RECV',
  CLOSED: 'UNCONN',
};

const addr = (a: readonly [string, number] | null, port0 = '*'): string =>
  a === null ? '0.0.0.0:*' : `${a[0]}:${a[1] === 0 ? port0 : String(a[1])}`;

/** The rows `ss -tuan` prints for a host: TCP first (by port), then UDP (by port); bound sockets only. */
export function ssRows(tcp: readonly TcpSocketInfo[], udp: readonly UdpSocketInfo[]): SsRow[] {
  return [
    ...tcp.map((s) => ({
      netid: 'tcp' as const,
      state: SS_STATE[s.state] ?? s.state,
      recvQ: s.recvQ,
      sendQ: s.sendQ,
      local: addr(s.local),
      peer: addr(s.peer),
    })),
    // An unbound UDP socket is in no port table, so ss does not list it.
    ...udp
      .filter((s) => s.local[1] !== 0)
      .map((s) => ({
        netid: 'udp' as const,
        state: s.peer ? 'ESTAB' : 'UNCONN',
        recvQ: s.recvQ,
        sendQ: 0,
        local: addr(s.local),
        peer: addr(s.peer),
      })),
  ];
}

/** What the table needs of a host. */
export interface SocketSource {
  name: string;
  tcpSockets(): TcpSocketInfo[];
  udpSockets(): UdpSocketInfo[];
}

const COLUMNS = ['netid', 'state', 'recvQ', 'sendQ', 'local', 'peer'] as const;

/** One small table per host, refreshed on demand (the network panel calls `refresh`). */
export class SocketTables {
  readonly element: HTMLElement;
  #t: Translate;
  #hosts: SocketSource[] = [];
  #tables = new Map<string, HTMLTableSectionElement>();

  constructor(t: Translate) {
    this.#t = t;
    this.element = document.createElement('div');
    this.element.className = 'pg-sockets';
  }

  /** The hosts of a new world (their tables start empty). */
  setHosts(hosts: readonly SocketSource[]): void {
    this.#hosts = [...hosts];
    this.#tables.clear();
    this.element.textContent = '';
    for (const h of hosts) {
      const table = document.createElement('table');
      const caption = table.createCaption();
      caption.textContent = `${h.name} $ ss -tuan`;
      const head = table.createTHead().insertRow();
      for (const key of COLUMNS) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = this.#t(`playground.sockets.${key}`);
        head.append(th);
      }
      this.#tables.set(h.name, table.createTBody());
      this.element.append(table);
    }
    this.refresh();
  }

  /** True when some host has a socket `ss -tuan` lists (one that holds a port). */
  anyBound(): boolean {
    return this.#hosts.some((h) => ssRows(h.tcpSockets(), h.udpSockets()).length > 0);
  }

  /** Reads every host's sockets again. */
  refresh(): void {
    for (const h of this.#hosts) {
      const body = this.#tables.get(h.name);
      if (!body) continue;
      const rows = ssRows(h.tcpSockets(), h.udpSockets());
      body.textContent = '';
      if (rows.length === 0) {
        const cell = body.insertRow().insertCell();
        cell.colSpan = COLUMNS.length;
        cell.className = 'pg-sockets-none';
        cell.textContent = this.#t('playground.sockets.none');
        continue;
      }
      for (const r of rows) {
        const row = body.insertRow();
        row.dataset['state'] = r.state;
        for (const key of COLUMNS) row.insertCell().textContent = String(r[key]);
      }
    }
  }
}
