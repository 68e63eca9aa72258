// UDP Lab's service worker. Two jobs, one worker (a scope has only one): on static hosts that cannot
// send headers it re-serves this site's responses with COOP/COEP so SharedArrayBuffer works, and it
// keeps the course for offline use — the pages, scripts, styles, fonts and search index of this
// build (precached), and each interpreter's files once a program of that kind has run. The build
// (site/integrations/offline-precache.ts) writes the file lists and versions between the markers.
// Interpreter files live in directories named by the hash of their files (`_udplab/pyodide/<hash>/`),
// and each directory is kept in a cache named after it, whichever build's worker stores it: a
// cache never holds two versions of an interpreter.

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
  [...PYODIDE_FILES, ...MICROPYTHON_FILES, ...ON_DEMAND_FILES].map((url) => url.slice(url.lastIndexOf('/') + 1)),
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
      for (const name of await caches.keys()) {
        // Only our own caches; the Pyodide snapshot's cache (snapshot-store.ts) is the page's.
        if (isOwn(name) && !CURRENT_CACHES.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
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
  try {
    return await fetch(request);
  } catch (error) {
    if (!navigate) throw error;
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
  const cache = await open(name);
  const hit = await cache.match(url.href, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.status === 200 && response.type === 'basic') {
    // Stored alongside, not before: the page compiles Pyodide's wasm while it streams in.
    event.waitUntil(
      cache
        .put(url.href, response.clone())
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
