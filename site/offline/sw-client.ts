// The page's side of the service worker (site/public/coi-sw.js): registers it on every page, shows
// "available offline" once this build is stored, and offers a new build with an "Update" prompt
// that reloads only when the learner presses it (a running program is never cut off by an update).

/** How often an open page asks the server whether a new build is out (the browser also checks on every navigation). */
export const UPDATE_CHECK_MS = 30 * 60_000;
/**
 * How long after the page has loaded it asks the worker to store the build (≈ 2.75 MiB from `udp-lab
 * serve`), and then only when the page is idle: a class of 40 opening a lesson at once should
 * spend the room's Wi-Fi on the lesson and its first Run first.
 */
export const PRECACHE_DELAY_MS = 10_000;
/** While an interpreter is not stored yet, how often the indicator asks again (a Run may be storing it). */
export const STATUS_RECHECK_MS = 15_000;

export interface OfflineStrings {
  available: string;
  availableTitle: string;
  cpython: string;
  micropython: string;
  runOnce: string;
  updateReady: string;
  updateButton: string;
  updateHint: string;
  updateStops: string;
  updateLater: string;
}

/** What the service worker answers to `udplab:status`. */
export interface OfflineStatus {
  version: string;
  offline: boolean;
  cpython: boolean;
  micropython: boolean;
}

let updating = false;
let prompt: HTMLElement | null = null;

/** Registers the worker and keeps the indicators (`[data-udplab-offline]`) and the update prompt current. */
export function startOffline(base: string, strings: OfflineStrings): void {
  if (!('serviceWorker' in navigator) || !isSecureContext) return;
  const sw = navigator.serviceWorker;
  let recheck: ReturnType<typeof setTimeout> | undefined;
  const ask = () => sw.controller?.postMessage({ type: 'udplab:status' });
  sw.addEventListener('message', (event: MessageEvent<{ type?: string } & Partial<OfflineStatus>>) => {
    if (event.data?.type !== 'udplab:status') return;
    const status = event.data as OfflineStatus;
    showStatus(status, strings);
    clearTimeout(recheck);
    if (!status.offline || !status.cpython || !status.micropython)
      recheck = setTimeout(ask, STATUS_RECHECK_MS);
  });
  let controlled = Boolean(sw.controller);
  sw.addEventListener('controllerchange', () => {
    // This tab asked for the update: load the new build. The first install took this page over:
    // ask what is stored. Another tab's update took this one over too: say so, and let the learner
    // reload when their programs are done.
    if (updating) location.reload();
    else if (!controlled) ask();
    else showPrompt(null, strings);
    controlled = true;
  });
  ask();
  schedulePrecache(sw);
  sw.register(`${base}coi-sw.js`, { scope: base })
    .then((registration) => {
      const watch = (worker: ServiceWorker | null) =>
        worker?.addEventListener('statechange', () => {
          if (worker.state === 'installed' && sw.controller) showPrompt(registration, strings);
        });
      if (registration.waiting && sw.controller) showPrompt(registration, strings);
      watch(registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      setInterval(() => void registration.update().catch(() => {}), UPDATE_CHECK_MS);
    })
    .catch(() => {
      // No service worker here (refused, private mode): the course works online as before.
    });
}

/** Asks the worker to store the build, PRECACHE_DELAY_MS after load and when idle; not on Save-Data. */
function schedulePrecache(sw: ServiceWorkerContainer): void {
  const connection = (navigator as { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  const send = () => {
    if (sw.controller) sw.controller.postMessage({ type: 'udplab:precache' });
    else sw.addEventListener('controllerchange', send, { once: true });
  };
  const idle = () =>
    'requestIdleCallback' in globalThis ? requestIdleCallback(send, { timeout: PRECACHE_DELAY_MS }) : send();
  const later = () => setTimeout(idle, PRECACHE_DELAY_MS);
  if (document.readyState === 'complete') later();
  else addEventListener('load', later, { once: true });
}

function showStatus(status: OfflineStatus, strings: OfflineStrings): void {
  const details = [strings.availableTitle];
  if (status.cpython) details.push(strings.cpython);
  if (status.micropython) details.push(strings.micropython);
  if (!status.cpython || !status.micropython) details.push(strings.runOnce);
  for (const el of document.querySelectorAll<HTMLElement>('[data-udplab-offline]')) {
    el.hidden = !status.offline;
    el.title = details.join(' ');
    el.dataset['cpython'] = String(status.cpython);
    el.dataset['micropython'] = String(status.micropython);
    el.dataset['version'] = status.version;
  }
}

/** How often the prompt looks again whether programs are running (its text says they would stop). */
export const PROMPT_REFRESH_MS = 2_000;

/** Whether any playground program on this page is running or waiting. */
function programsRunning(): boolean {
  return (
    document.querySelector('.pg-program[data-state="running"], .pg-program[data-state="blocked"]') !== null
  );
}

/** The update prompt: a small bar at the foot of the page, polite to screen readers. */
function showPrompt(registration: ServiceWorkerRegistration | null, strings: OfflineStrings): void {
  prompt?.remove();
  const bar = document.createElement('div');
  bar.className = 'udplab-update not-content';
  bar.dataset['udplabUpdate'] = '';
  bar.setAttribute('role', 'status');
  const text = document.createElement('p');
  const describe = () => {
    const words = [strings.updateReady, strings.updateHint];
    if (programsRunning()) words.push(strings.updateStops);
    const wanted = words.join(' ');
    if (text.textContent !== wanted) text.textContent = wanted;
  };
  describe();
  const refresh = setInterval(
    () => (bar.isConnected ? describe() : clearInterval(refresh)),
    PROMPT_REFRESH_MS,
  );
  const update = document.createElement('button');
  update.type = 'button';
  update.textContent = strings.updateButton;
  update.dataset['udplabUpdateNow'] = '';
  update.addEventListener('click', () => {
    const waiting = registration?.waiting;
    if (!waiting) return location.reload();
    updating = true;
    update.disabled = true;
    waiting.postMessage({ type: 'udplab:update' });
  });
  const later = document.createElement('button');
  later.type = 'button';
  later.textContent = strings.updateLater;
  later.addEventListener('click', () => bar.remove());
  bar.append(text, update, later);
  document.body.append(bar);
  prompt = bar;
}
