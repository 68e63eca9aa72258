// The instructor dashboard: its page (/admin) and its JSON API, authenticated by the admin token.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SECURITY_HEADERS as BASE_HEADERS } from './http-answers.ts';
import { tokenMatches } from '../relay/index.ts';
import { RELAY_ERRORS, type TrafficAnswer } from '../protocol/index.ts';
import type { AuthBackoff, ClassResults, Logger, TrafficLog } from '../relay/index.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';

const PAGE_DIR = new URL('./admin-page/', import.meta.url);
const ASSETS = {
  '/admin': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/admin/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/admin/admin.css': { file: 'admin.css', type: 'text/css; charset=utf-8' },
};

/**
 * The dashboard's script, compiled from admin-page/admin.ts by `astro build`
 * (site/integrations/relay-admin-page.ts),
 * inside the built course (`staticRoot`); not precached by the course's service worker.
 */
export const ADMIN_SCRIPT_FILE = '_udplab/admin/admin.js';
const ADMIN_SCRIPT_MISSING =
  'The dashboard\'s script is built with the course: run "npm run build", then reload this page';

const ADMIN_BACKOFF_MESSAGE =
  'Too many wrong admin tokens from this computer: wait (Retry-After), then try again';

const SECURITY_HEADERS = {
  ...BASE_HEADERS,
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
};

export function createAdminHandler({
  adminToken,
  logger,
  snapshot,
  endSession,
  results,
  traffic,
  setTrafficPreview,
  backoff,
  staticRoot,
}: {
  /** Expected in `Authorization: Bearer <token>`; never in the URL. */
  adminToken: string;
  logger: Logger;
  /** The live state shown on the dashboard. */
  snapshot: () => unknown;
  endSession: (id: string) => boolean;
  /** The class report. */
  results: ClassResults;
  /** The traffic view: recent datagrams, metadata only. */
  traffic: TrafficLog;
  /** Switches the preview of first bytes (and tells the learners). */
  setTrafficPreview: (on: boolean) => void;
  /** Wrong admin tokens per client address (its own count, apart from the class token's). */
  backoff: AuthBackoff;
  /** The built course, holding the dashboard's compiled script (ADMIN_SCRIPT_FILE); null: none. */
  staticRoot: string | null;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const cache: Map<string, Buffer> = new Map();
  const load = (file: string) => {
    let b = cache.get(file);
    if (!b) cache.set(file, (b = readFileSync(new URL(file, PAGE_DIR))));
    return b;
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://relay');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    if (url.searchParams.has('token')) {
      return json(400, {
        code: 'RELAY_ERR_ADMIN_AUTH',
        message: 'Never put the admin token in the URL: send it as "Authorization: Bearer <token>"',
      });
    }
    if (url.pathname === '/admin/admin.js') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { message: 'GET only' });
      let script: Buffer;
      try {
        // Read at each request (the page loads it once): a rebuilt course is served at once.
        if (staticRoot === null) throw new Error('no built course');
        script = readFileSync(path.join(staticRoot, ADMIN_SCRIPT_FILE));
      } catch {
        return json(404, { message: ADMIN_SCRIPT_MISSING });
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
      return void res.end(req.method === 'HEAD' ? undefined : script);
    }
    const asset = ASSETS[url.pathname as keyof typeof ASSETS];
    if (asset) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { message: 'GET only' });
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
      return void res.end(req.method === 'HEAD' ? undefined : load(asset.file));
    }
    if (!url.pathname.startsWith('/admin/api/')) return json(404, { message: 'Not found' });

    const client = req.socket.remoteAddress ?? '?';
    // An address that guessed wrong too often waits: its tokens are not even compared meanwhile.
    const waitMs = backoff.waitMs(client);
    if (waitMs > 0) {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      return json(429, { code: 'RELAY_ERR_AUTH_BACKOFF', message: ADMIN_BACKOFF_MESSAGE });
    }
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    if (!tokenMatches(adminToken, given)) {
      // No token at all is not a guess (a page before its login); a wrong one is.
      const failed = given === null ? null : backoff.fail(client);
      logger.once(`admin-auth:${client}`, 'warn', 'admin.denied', {
        client,
        path: url.pathname,
        ...(failed ? { failures: failed.failures, waitMs: failed.waitMs } : {}),
      });
      return json(401, { code: 'RELAY_ERR_ADMIN_AUTH', message: RELAY_ERRORS.RELAY_ERR_ADMIN_AUTH.message });
    }
    backoff.succeed(client);
    if (url.pathname === '/admin/api/sessions' && req.method === 'GET') return json(200, snapshot());
    if (url.pathname === '/admin/api/results' && req.method === 'GET') return json(200, results.snapshot());
    if (url.pathname === '/admin/api/results.csv' && req.method === 'GET') {
      const en = url.searchParams.get('lang') === 'en';
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="udp-lab-class-report.csv"`,
        'Cache-Control': 'no-store',
      });
      return void res.end(results.csv(en ? 'name' : '姓名'));
    }
    if (url.pathname === '/admin/api/traffic' && req.method === 'GET') {
      const after = Number(url.searchParams.get('after') ?? 0);
      const page = traffic.since(Number.isSafeInteger(after) ? after : 0);
      return json(200, {
        preview: traffic.preview,
        previewBytes: traffic.previewBytes,
        ringSize: traffic.ringSize,
        ...page,
        unlisted: traffic.unlisted,
        counts: traffic.counts(),
      } satisfies TrafficAnswer);
    }
    const preview = /^\/admin\/api\/traffic\/preview\/(on|off)$/.exec(url.pathname);
    if (preview && req.method === 'POST') {
      setTrafficPreview(preview[1] === 'on');
      return json(200, { preview: traffic.preview, previewBytes: traffic.previewBytes });
    }
    if (url.pathname === '/admin/api/traffic/clear' && req.method === 'POST') {
      const cleared = traffic.clear();
      logger.info('admin.traffic-clear', { cleared, client: req.socket.remoteAddress });
      return json(200, { cleared });
    }
    const end = /^\/admin\/api\/sessions\/([\w-]{1,64})\/end$/.exec(url.pathname);
    if (end && req.method === 'POST') {
      const id = end[1] as string;
      const ok = endSession(id);
      logger.info('admin.end-session', { session: id, found: ok, client: req.socket.remoteAddress });
      return json(ok ? 200 : 404, ok ? { ended: id } : { message: `No session ${id}` });
    }
    return json(404, { message: 'Not found' });
  };
}
