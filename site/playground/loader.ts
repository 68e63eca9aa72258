// The eager few KB: reveals the playground controls and loads the heavy UI when a playground nears the viewport or is touched.

import { ActionQueue } from './action-queue.ts';
import { ensureCrossOriginIsolation } from './coi-register.ts';
import { routeToolbarClicks } from './toolbar-clicks.ts';

/** How far below the viewport a playground starts loading. */
const NEAR_VIEWPORT = '600px 0px';

type Mount = typeof import('./mount.ts');
let mountModule: Promise<Mount> | undefined;

function loadMount(): Promise<Mount> {
  mountModule ??= import('./mount.ts').catch((error: unknown) => {
    mountModule = undefined; // allow a retry
    throw error;
  });
  return mountModule;
}

/** Each playground's toolbar clicks, kept from the first one (see action-queue.ts). */
const queues = new WeakMap<HTMLElement, ActionQueue>();

function queueOf(root: HTMLElement): ActionQueue {
  let queue = queues.get(root);
  if (!queue) queues.set(root, (queue = new ActionQueue()));
  return queue;
}

function activate(root: HTMLElement): void {
  if (root.dataset['pgState'] && root.dataset['pgState'] !== 'failed') return;
  root.dataset['pgState'] = 'loading';
  loadMount()
    .then((m) => m.mountPlayground(root, queueOf(root)))
    .catch((error: unknown) => {
      root.dataset['pgState'] = 'failed';
      showLoadError(root, error);
    });
}

function showLoadError(root: HTMLElement, error: unknown): void {
  const box = root.querySelector<HTMLElement>('[data-pg-progress]');
  if (!box) return;
  box.hidden = false;
  box.textContent = '';
  const msg = document.createElement('p');
  msg.setAttribute('role', 'alert');
  msg.textContent = `${root.dataset['pgFailed'] ?? 'Error'} ${error instanceof Error ? error.message : ''}`;
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'pg-btn';
  retry.textContent = root.dataset['pgRetry'] ?? 'Retry';
  retry.addEventListener('click', () => activate(root));
  box.append(msg, retry);
}

/**
 * A skip link right after Starlight's own ("skip to content"), so the playground is two Tabs from
 * the top of the page; it moves the focus to the first playground (its Run is the next Tab).
 */
function addSkipLink(first: HTMLElement): void {
  first.id ||= 'udplab-playground';
  const link = document.createElement('a');
  link.className = 'udplab-skip';
  link.href = `#${first.id}`;
  link.textContent = first.dataset['pgSkip'] ?? 'Skip to the playground';
  link.addEventListener('click', (event) => {
    event.preventDefault();
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: 'start' });
  });
  const starlightSkip = document.querySelector('body > a[href="#_top"]');
  if (starlightSkip) starlightSkip.after(link);
  else document.body.prepend(link);
}

function setUp(): void {
  const roots = [...document.querySelectorAll<HTMLElement>('[data-udplab-playground]')];
  if (roots.length === 0) return;
  ensureCrossOriginIsolation(
    import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`,
  );
  if (roots[0]) addSkipLink(roots[0]);
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              observer?.unobserve(entry.target);
              activate(entry.target as HTMLElement);
            }
          },
          { rootMargin: NEAR_VIEWPORT },
        )
      : undefined;
  for (const root of roots) {
    for (const bar of root.querySelectorAll<HTMLElement>('[data-pg-toolbar]')) bar.hidden = false;
    routeToolbarClicks(root, queueOf(root), () => activate(root));
    root.addEventListener('focusin', () => activate(root), { once: true });
    root.addEventListener('pointerenter', () => activate(root), { once: true });
    if (observer) observer.observe(root);
    else activate(root);
  }
}

setUp();
