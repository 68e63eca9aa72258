// Cross-origin isolation on static hosts: registers /coi-sw.js, which adds COOP/COEP, and reloads at most once.

const RELOADED = 'udplab:coi-reloaded';

/**
 * Does nothing when the page is already isolated (our server, `astro dev`, `astro preview`).
 * Otherwise registers the service worker and, once it controls nothing yet, reloads the page a
 * single time so the worker can serve it with the headers. A session flag prevents a loop when
 * the browser still refuses isolation (e.g. service workers disabled).
 */
export function ensureCrossOriginIsolation(base: string): void {
  if (globalThis.crossOriginIsolated || !('serviceWorker' in navigator) || !isSecureContext) return;
  let reloaded = false;
  try {
    reloaded = sessionStorage.getItem(RELOADED) === '1';
  } catch {
    return; // without sessionStorage a reload could repeat forever
  }
  if (navigator.serviceWorker.controller) {
    // Controlled but not isolated: the worker is stale or headers were refused; one try only.
    if (!reloaded) {
      sessionStorage.setItem(RELOADED, '1');
      location.reload();
    }
    return;
  }
  navigator.serviceWorker
    .register(`${base}coi-sw.js`, { scope: base })
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      if (reloaded || globalThis.crossOriginIsolated) return;
      sessionStorage.setItem(RELOADED, '1');
      location.reload();
    })
    .catch(() => {
      // Registration refused: the playground explains that Python cannot run here.
    });
}
