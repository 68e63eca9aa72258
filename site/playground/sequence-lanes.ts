// Which lanes of the sequence diagram a datagram joins: lanes are hosts (and real peers through the relay), never bare addresses.

import type { DatagramRecord } from '../runtime/netsim/index.ts';
import { UPLINK_LAN } from '../runtime/netsim/index.ts';

/** What a record needs for its lanes. */
export type LaneRecord = Pick<DatagramRecord, 'lan' | 'from' | 'src' | 'dst' | 'fate' | 'deliveredTo'>;

/**
 * Where an arrow starts and ends. `to` is null when the datagram reached no lane: sent to an
 * address no host has (unroutable, or lost before it got anywhere), or a broadcast nobody
 * wanted. Such an arrow ends in a cross on its sender's side, labelled with its fate and address.
 */
export interface Lanes {
  readonly from: string;
  readonly to: string | null;
  /** The lane that is a real device reached through the classroom relay, if any. */
  readonly peer?: string;
}

/** Fates after which a datagram went nowhere (drawn with a cross). */
const ENDED_NOWHERE = new Set<DatagramRecord['fate']>(['unroutable', 'unclaimed']);

/**
 * The lanes of one record. `hostOf` names the scenario host that owns an address right now
 * (undefined: none does, e.g. a board that has not joined Wi-Fi yet).
 */
export function lanesOf(rec: LaneRecord, hostOf: (ip: string) => string | undefined): Lanes {
  if (rec.lan === UPLINK_LAN) {
    // Out through the relay: the peer is the destination. In from it: `from` is the peer's address.
    if (rec.fate === 'relayed' || rec.fate === 'relay-denied')
      return { from: rec.from, to: rec.dst[0], peer: rec.dst[0] };
    return { from: rec.src[0], to: rec.deliveredTo?.[0] ?? hostOf(rec.dst[0]) ?? null, peer: rec.src[0] };
  }
  if (rec.lan.startsWith('lo:')) return { from: rec.from, to: rec.from };
  if (ENDED_NOWHERE.has(rec.fate)) return { from: rec.from, to: null };
  return { from: rec.from, to: rec.deliveredTo?.[0] ?? hostOf(rec.dst[0]) ?? null };
}
