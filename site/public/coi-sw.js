// UDP Lab's service worker. Two jobs, one worker (a scope has only one): on static hosts that cannot
// send headers it re-serves this site's responses with COOP/COEP so SharedArrayBuffer works, and it
// keeps the course for offline use — the pages, scripts, styles, fonts and search index of this
// build (precached), and each interpreter's files once a program of that kind has run. The build
// (site/integrations/offline-precache.ts) writes the file lists and versions between the markers.
// Interpreter files live in directories named by the hash of their files (`_udplab/pyodide/<hash>/`),
// and each directory is kept in a cache named after it, whichever build's worker stores it: a
// cache never holds two versions of an interpreter. A new build's worker keeps the caches of older
// builds while a tab opened before it took over is still open (such a tab runs the old build's
// code, now answered by the new worker), and deletes them once the last of those tabs has gone.

/* UDPLAB_BUILD */ const BUILD = {
  version: 'dev',
  pages: [],
  interpreters: {
    version: 'dev',
    dirs: [],
    glyphsVersion: 'dev',
    cpython: [],
    micropython: [],
    glyphs: [],
    onDemand: [],
  },
}; /* /UDPLAB_BUILD */

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const PAGES_CACHE = `udplab-pages-${BUILD.version}`;
const GLYPHS_CACHE = `udplab-glyphs-${BUILD.interpreters.glyphsVersion}`;
/** Prefixes of the caches this worker manages (the Pyodide snapshot's cache is the page's). */
const OWN_CACHES = ['udplab-pages-', 'udplab-interpreters-', 'udplab-glyphs-'];
/** Entry that says every page of this version is stored. */
const COMPLETE = new URL('__udplab/precache-complete', self.registration.scope).href;
/** Requests at a time while precaching: enough to fill a link, few enough for a class on one relay. */
const PRECACHE_PARALLEL = 4;
const SCOPE = new URL(self.registration.scope);
/** The two caches, opened once per worker start (each request would otherwise open them again). */
const opened = new Map();
const open = (name) => {
  if (!opened.has(name)) opened.set(name, caches.open(name));
  return opened.get(name);
};
const abs = (path) => new URL(path, SCOPE).href;
const PYODIDE_FILES = new Set(BUILD.interpreters.cpython.map(abs));
const MICROPYTHON_FILES = new Set(BUILD.interpreters.micropython.map(abs));
/** Kept once a program fetched them (the rest of Python's standard library), not needed for "stored". */
const ON_DEMAND_FILES = new Set(BUILD.interpreters.onDemand.map(abs));
const GLYPHS = `${SCOPE.pathname}_udplab/glyphs/`;
const INTERPRETERS = `${SCOPE.pathname}_udplab/`;
/** The file names kept from an interpreter's hashed directory (the snapshot is not: the page keeps it). */
const KEPT_NAMES = new Set(
  [...PYODIDE_FILES, ...MICROPYTHON_FILES, ...ON_DEMAND_FILES].map((url) =>
    url.slice(url.lastIndexOf('/') + 1),
  ),
);

/**
 * The cache of an interpreter file, named by its hashed directory (`_udplab/pyodide/<hash>/f` →
 * `udplab-interpreters-pyodide-<hash>`), or null for any other URL or a file not kept.
 */
function interpreterCacheOf(url) {
  if (!url.pathname.startsWith(INTERPRETERS)) return null;
  const found = HASHED_FILE.exec(url.pathname.slice(INTERPRETERS.length));
  return found && KEPT_NAMES.has(found[3]) ? `udplab-interpreters-${found[1]}-${found[2]}` : null;
}
const HASHED_FILE = /^(pyodide|micropython)\/([0-9a-f]{16})\/([^/]*)$/;
/** This build's own caches: its pages, its glyphs and its interpreters' directories. */
const CURRENT_CACHES = new Set([PAGES_CACHE, GLYPHS_CACHE]);
for (const dir of BUILD.interpreters.dirs) {
  const found = HASHED_FILE.exec(dir.slice('_udplab/'.length));
  if (found) CURRENT_CACHES.add(`udplab-interpreters-${found[1]}-${found[2]}`);
}
const isOwn = (name) => OWN_CACHES.some((prefix) => name.startsWith(prefix));

/**
 * Where the worker notes the older caches still in use (Cache Storage, since a worker may be stopped
 * and started again at any time): a list of `{ caches, clients }`, the caches an activation found
 * from older builds and the ids of the windows open then. Not one of OWN_CACHES: never deleted.
 */
const STATE_CACHE = 'udplab-worker-state';
const RETIRED_KEY = new URL('__udplab/retired-caches', SCOPE).href;
let retiredChain = Promise.resolve();

/** Reads the list, lets `change` make the new one, writes it; one change at a time. */
function changeRetired(change) {
  const next = retiredChain.then(async () => {
    const state = await caches.open(STATE_CACHE);
    const entries = await readRetired(state);
    const changed = change(entries);
    await state.put(RETIRED_KEY, new Response(JSON.stringify(changed)));
    return changed;
  });
  retiredChain = next.catch(() => undefined);
  return next;
}

async function readRetired(state) {
  const hit = await (state ?? (await caches.open(STATE_CACHE))).match(RETIRED_KEY);
  const entries = hit ? await hit.json().catch(() => []) : [];
  return Array.isArray(entries) ? entries : [];
}

const openWindows = async () =>
  new Set((await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).map((c) => c.id));

/**
 * Deletes the older caches that no open window can need any more: those of every entry whose windows
 * have all closed or reloaded, unless this build or another entry still uses them. Run when the
 * worker takes over, on each navigation and each question from a page.
 */
function sweep() {
  const done = (async () => {
    const alive = await openWindows();
    let gone = [];
    const kept = await changeRetired((entries) => {
      const live = entries.filter((entry) => entry.clients.some((id) => alive.has(id)));
      gone = entries.filter((entry) => !live.includes(entry)).flatMap((entry) => entry.caches);
      return live;
    });
    const inUse = new Set([...CURRENT_CACHES, ...kept.flatMap((entry) => entry.caches)]);
    for (const name of new Set(gone)) {
      if (inUse.has(name)) continue;
      opened.delete(name);
      await caches.delete(name);
    }
  })();
  return done.catch(() => undefined);
}

/** A response from the caches of an older build still kept for an open tab, or undefined. */
async function fromRetired(href) {
  try {
    const names = new Set((await readRetired()).flatMap((entry) => entry.caches));
    for (const cacheName of names) {
      // `caches.match` with a name opens nothing: a cache deleted meanwhile is not made again.
      const hit = await caches.match(href, { cacheName, ignoreVary: true });
      if (hit) return hit;
    }
  } catch {
    // no state yet: nothing kept
  }
  return undefined;
}

self.addEventListener('install', (event) => {
  // The first install takes over at once (nothing older runs; static hosts need the headers now)
  // and precaches afterwards, when a page asks (once it is idle, so as not to slow its first Run). An update precaches first, then waits for the
  // learner's "Update": taking over under a running program's page would mix two builds.
  if (!self.registration.active) {
    void self.skipWaiting();
    return;
  }
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Only our own caches; the Pyodide snapshot's cache (snapshot-store.ts) is the page's.
      const older = (await caches.keys()).filter((name) => isOwn(name) && !CURRENT_CACHES.has(name));
      // The windows open now run an older build (another tab's Update took them over) or are about
      // to reload into this one: what they loaded from stays until each has closed or reloaded.
      const windows = [...(await openWindows())];
      if (older.length && windows.length)
        await changeRetired((entries) => [...entries, { caches: older, clients: windows }]);
      else for (const name of older) await caches.delete(name);
      await self.clients.claim();
      await sweep();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'udplab:update') {
    void self.skipWaiting();
  } else if (type === 'udplab:status' || type === 'udplab:precache') {
    // `status` only answers; `precache` (sent by the page once it is idle) stores the build first.
    event.waitUntil(
      (type === 'udplab:precache' ? precache().catch(() => false) : Promise.resolve())
        .then(() => sweep())
        .then(() => status())
        .then((answer) => event.source && event.source.postMessage({ type: 'udplab:status', ...answer })),
    );
  }
});

let precaching = null;

/** Stores every page and asset of this build once (a failed attempt is retried on the next ask). */
function precache() {
  precaching ??= (async () => {
    const cache = await open(PAGES_CACHE);
    if (await cache.match(COMPLETE)) return true;
    const queue = BUILD.pages.map(abs);
    const worker = async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        if (await cache.match(url)) continue;
        // Hashed assets are the same in every build that names them: take them from the last one.
        const isHashed = url.includes('/_astro/');
        const earlier = isHashed ? await caches.match(url, { ignoreVary: true }) : undefined;
        const response = earlier ?? (await fetch(url, { cache: isHashed ? 'default' : 'no-cache' }));
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        await cache.put(url, await unredirected(response));
      }
    };
    await Promise.all(Array.from({ length: PRECACHE_PARALLEL }, worker));
    await cache.put(COMPLETE, new Response(BUILD.version));
    return true;
  })();
  precaching.catch(() => (precaching = null));
  return precaching;
}

/** A redirected response cannot answer a navigation: keep its body and headers only. */
async function unredirected(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, headers: response.headers });
}

async function status() {
  const pages = Boolean(await (await open(PAGES_CACHE)).match(COMPLETE));
  const all = async (urls) => {
    for (const url of urls) {
      const name = interpreterCacheOf(new URL(url));
      if (!name || !(await (await open(name)).match(url))) return false;
    }
    return urls.size > 0;
  };
  return {
    version: BUILD.version,
    offline: pages,
    cpython: await all(PYODIDE_FILES),
    micropython: await all(MICROPYTHON_FILES),
  };
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only our own origin: everything the course needs is served by us, and cross-origin responses
  // cannot be rewritten anyway. `only-if-cached` outside same-origin mode throws in Chromium.
  if (url.origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  const stored = request.method === 'GET' && !request.headers.has('range');
  event.respondWith((stored ? answer(request, url, event) : fetch(request)).then(isolated));
  // A navigation may be the reload of the last tab of an older build.
  if (request.mode === 'navigate') event.waitUntil(sweep());
});

async function answer(request, url, event) {
  url.hash = '';
  // Any build's interpreter file, each in the cache of its own hashed directory.
  const interpreterCache = interpreterCacheOf(url);
  if (interpreterCache) return fromInterpreters(request, url, event, interpreterCache);
  if (url.pathname.startsWith(GLYPHS)) return fromInterpreters(request, url, event, GLYPHS_CACHE);
  const pages = await open(PAGES_CACHE);
  const navigate = request.mode === 'navigate';
  const key = navigate ? pageKey(url) : url.href;
  const hit = await pages.match(key, { ignoreSearch: navigate, ignoreVary: true });
  if (hit) return hit;
  // A tab of an older build asks for its own scripts, gone from the server after a deployment: from
  // that build's cache, while it is kept (content-hashed ones at once, others when the server lacks them).
  const earlier = navigate
    ? undefined
    : url.pathname.includes('/_astro/')
      ? await fromRetired(url.href)
      : undefined;
  if (earlier) return earlier;
  try {
    const response = await fetch(request);
    if (navigate || (response.status !== 404 && response.status !== 410)) return response;
    return (await fromRetired(url.href)) ?? response;
  } catch (error) {
    if (!navigate) {
      const kept = await fromRetired(url.href);
      if (kept) return kept;
      throw error;
    }
    // Offline on a page this build does not have: the course's own "not found" page, in its language.
    const english = url.pathname.startsWith(`${SCOPE.pathname}en/`);
    const notFound = await pages.match(abs(english ? 'en/404/' : '404.html'));
    if (notFound) return new Response(notFound.body, { status: 404, headers: notFound.headers });
    throw error;
  }
}

/** `/basics/network`, `/basics/network/index.html` → `/basics/network/`, as the build lists pages. */
function pageKey(url) {
  const key = new URL(url.href);
  key.search = '';
  if (key.pathname.endsWith('/index.html')) key.pathname = key.pathname.slice(0, -'index.html'.length);
  else if (!key.pathname.endsWith('/') && !/\.[a-z0-9]+$/i.test(key.pathname)) key.pathname += '/';
  return key.href;
}

/**
 * Interpreter files (and the 掌控板's glyph blocks) are kept from their first use: the first Run of
 * a kind downloads them as before, later ones (and offline ones) read them here. Pyodide's memory
 * snapshot is not among them: the page keeps it in its own cache (snapshot-store.ts).
 */
async function fromInterpreters(request, url, event, name) {
  // Looked up by name without opening: a directory no build stores yet gets no empty cache.
  const hit = await caches.match(url.href, { cacheName: name, ignoreVary: true });
  if (hit) return hit;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    // Offline: a glyph block an older build's cache kept for a tab of it.
    const kept = await fromRetired(url.href);
    if (kept) return kept;
    throw error;
  }
  if (response.status === 200 && response.type === 'basic') {
    // Stored alongside, not before: the page compiles Pyodide's wasm while it streams in.
    const copy = response.clone();
    event.waitUntil(
      open(name)
        .then((cache) => cache.put(url.href, copy))
        .then(() => (MICROPYTHON_FILES.has(url.href) ? open(GLYPHS_CACHE).then(keepGlyphs) : undefined))
        .catch(() => {}),
    );
  }
  return response;
}

let keepingGlyphs = null;

/** Once a board program has run, its OLED's glyph blocks (≈0.5 MB in 1,026 files) are fetched too. */
function keepGlyphs(cache) {
  keepingGlyphs ??= (async () => {
    const queue = BUILD.interpreters.glyphs.map(abs);
    const worker = async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        if (await cache.match(url)) continue;
        const response = await fetch(url);
        if (response.status === 200) await cache.put(url, response);
      }
    };
    await Promise.all(Array.from({ length: PRECACHE_PARALLEL }, worker));
  })().catch(() => (keepingGlyphs = null));
  return keepingGlyphs;
}

/** COOP/COEP/CORP on every answer, from the network or a cache. */
function isolated(response) {
  // Opaque and error responses pass through untouched (status 0 cannot be re-wrapped).
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  let missing = false;
  for (const [name, value] of Object.entries(HEADERS)) {
    if (!headers.has(name)) {
      headers.set(name, value);
      missing = true;
    }
  }
  if (!missing) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
