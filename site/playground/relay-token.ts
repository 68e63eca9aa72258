// The class token and relay address in the page: the join link's `#relay=TOKEN` fragment (read and
// removed from the address bar by the inline script in every page's head), kept in sessionStorage;
// and the learner's display name for that class, remembered in localStorage.

import { checkDisplayName } from '../../relay-server/src/protocol/index.ts';
import type { RelayResume, RelayResumeStore } from './relay-client.ts';

/** sessionStorage key of the class token; the head script in astro.config.mjs writes the same key. */
export const TOKEN_KEY = 'udplab.relay.token';

/** The relay path on the server that serves the course (`udp-lab serve`). */
export const RELAY_PATH = '/relay';

/** ws(s)://<this page's host>/relay. */
export function defaultRelayUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${RELAY_PATH}`;
}

export function storedRelayToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeRelayToken(token: string): void {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage disabled: the token stays in the field for this page only.
  }
}

/**
 * Reads what a learner typed or pasted: a join link (`http://192.168.1.10:4321/#relay=TOKEN`), a
 * page address, or a `ws(s)://` relay URL. Gives the relay URL (path /relay for a page address) and
 * the token if the text carried one; `url` is null when the text is not an address.
 */
export function parseRelayInput(text: string): { url: string | null; token: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    return { url: null, token: null };
  }
  const token = /(?:^#|&)relay=([^&]+)/.exec(parsed.hash)?.[1];
  const decoded = token === undefined ? null : decodeURIComponent(token);
  if (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') {
    parsed.hash = '';
    return { url: parsed.href, token: decoded };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { url: null, token: decoded };
  const scheme = parsed.protocol === 'https:' ? 'wss' : 'ws';
  return { url: `${scheme}://${parsed.host}${RELAY_PATH}`, token: decoded };
}

/** localStorage key prefix of the display name, one per class (relay address and class token). */
export const NAME_KEY_PREFIX = 'udplab.class.name.';

/** Dispatched on `window` when the learner gives or changes their display name (detail: the name). */
export const CLASS_NAME_EVENT = 'udplab:class-name';

/** FNV-1a of the class (relay URL and token): the name's storage key, without storing the token. */
export function classNameKey(url: string, token: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${url}\n${token}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return NAME_KEY_PREFIX + h.toString(16).padStart(8, '0');
}

/** The display name this browser gave for the class at `url` with `token`, if any (and still valid). */
export function storedClassName(url: string, token: string): string | null {
  try {
    const v = localStorage.getItem(classNameKey(url, token));
    const checked = v === null ? null : checkDisplayName(v);
    return checked?.ok ? checked.name : null;
  } catch {
    return null;
  }
}

/** sessionStorage key prefix of what resumes a relay session in this tab, one per slot. */
export const RESUME_KEY_PREFIX = 'udplab.relay.resume.';

/**
 * sessionStorage key prefix of the mark "a page of this tab holds this slot's session right now":
 * set while a page uses the session, removed when the page goes (`pagehide`). A duplicated tab (and
 * a window opened by script) starts with a copy of the original tab's sessionStorage, mark included,
 * while the original still holds the session: the copy must open a session of its own instead of
 * taking the original's over. The tab's own next page finds no mark (its previous page removed it on
 * the way out) and resumes.
 */
export const LIVE_KEY_PREFIX = 'udplab.relay.live.';

/** The marks this page has set, removed on `pagehide` and set again if the page comes back. */
const liveMarks = new Set<string>();
let watchingPageLife = false;

function setMark(key: string): void {
  try {
    sessionStorage.setItem(key, '1');
  } catch {
    // Storage disabled: nothing is resumed either.
  }
}

function holdMark(key: string): void {
  liveMarks.add(key);
  setMark(key);
  if (watchingPageLife || typeof addEventListener !== 'function') return;
  watchingPageLife = true;
  addEventListener('pagehide', () => {
    for (const mark of liveMarks)
      try {
        sessionStorage.removeItem(mark);
      } catch {
        // Storage disabled.
      }
  });
  // Back from the back/forward cache: this page holds its sessions again.
  addEventListener('pageshow', (e) => {
    if (e.persisted) for (const mark of liveMarks) setMark(mark);
  });
}

function dropMark(key: string): void {
  liveMarks.delete(key);
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Storage disabled.
  }
}

/**
 * Keeps a relay session's resume key in this tab's sessionStorage under `slot` (the n-th relay panel
 * of a page, the class report), for the class at `url` with `token`: the tab's next page (another
 * lesson, a reload) resumes the session instead of opening a new one. A WebSocket cannot outlive its
 * page, so this is a new connection that continues the session, not the same connection. A copy of
 * a tab whose original still holds the session (`LIVE_KEY_PREFIX`) resumes nothing.
 */
export function sessionResumeStore(slot: string, url: string, token: string): RelayResumeStore {
  const key = RESUME_KEY_PREFIX + slot;
  const live = LIVE_KEY_PREFIX + slot;
  const klass = classNameKey(url, token);
  return {
    load(): RelayResume | null {
      try {
        if (sessionStorage.getItem(live) !== null && !liveMarks.has(live)) return null;
        const v: unknown = JSON.parse(sessionStorage.getItem(key) ?? 'null');
        if (typeof v !== 'object' || v === null) return null;
        const { class: c, session, key: k } = v as Record<string, unknown>;
        return c === klass && typeof session === 'string' && typeof k === 'string'
          ? { session, key: k }
          : null;
      } catch {
        return null;
      }
    },
    save(resume: RelayResume | null): void {
      try {
        if (resume) {
          sessionStorage.setItem(key, JSON.stringify({ class: klass, ...resume }));
          holdMark(live);
        } else {
          sessionStorage.removeItem(key);
          dropMark(live);
        }
      } catch {
        // Storage disabled: the next page opens a new session.
      }
    },
  };
}
