// The dashboard's traffic view on the wire: what `GET /admin/api/traffic` answers — the relay's
// traffic log (src/relay/traffic-log.ts) writes it, the dashboard page (src/server/admin-page/) reads
// it. One definition for both ends.

/** One datagram the relay carried, as the dashboard lists it. */
export interface TrafficRecord {
  /** Sequence number: never goes back, not even when the view is cleared. */
  seq: number;
  /** The relay's clock (ms since the epoch). */
  at: number;
  /** The learner's tag: display name, else the session id. */
  learner: string;
  session: string;
  /** out: browser → network; in: network → browser; internal: learner → learner. */
  dir: 'out' | 'in' | 'internal';
  /** denied: the destination rule refused it; refused: the inbound filter did. */
  fate: 'relayed' | 'denied' | 'refused';
  /** The rule that denied it. */
  reason?: string;
  /** "address:port", null before the socket has a real port. */
  from: string | null;
  /** "address:port". */
  to: string;
  /** Internal deliveries: the receiving learner's tag. */
  toLearner?: string;
  /** Payload bytes. */
  size: number;
  /** The first bytes, hex: only while the preview is on. */
  preview?: string;
}

/** Counts of one learner since the last clear. */
export interface LearnerCounts {
  learner: string;
  sent: number;
  sentBytes: number;
  received: number;
  receivedBytes: number;
  denied: number;
  refused: number;
  unlisted: number;
}

/** The answer of `GET /admin/api/traffic?after=<seq>`. */
export interface TrafficAnswer {
  preview: boolean;
  previewBytes: number;
  ringSize: number;
  /** The sequence number of the latest record: the next request's `after`. */
  latest: number;
  /** Records after `after` this answer does not give (overwritten, or beyond the per-poll limit). */
  skipped: number;
  records: TrafficRecord[];
  /** Datagrams counted but not listed (over their session's listing budget) since the last clear. */
  unlisted: number;
  counts: LearnerCounts[];
}
