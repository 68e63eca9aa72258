// UDP Lab's cross-origin isolation service worker: for static hosts that cannot send headers, it re-serves
// this site's responses with COOP/COEP so SharedArrayBuffer works. Registered only when the page is not isolated.

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Only our own origin: everything the course needs is served by us, and cross-origin responses
  // cannot be rewritten anyway. `only-if-cached` outside same-origin mode throws in Chromium.
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      // Opaque and error responses pass through untouched (status 0 cannot be re-wrapped).
      if (response.status === 0 || response.type === 'opaqueredirect') return response;
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
