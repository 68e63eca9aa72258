// The exercises' eager few KB: shows the toolbar and each exercise's saved status, and loads the
// editors (mount.ts) when an exercise nears the viewport or is touched. Interpreters load later,
// on the learner's first edit or Check.

import { ensureCrossOriginIsolation } from '../playground/coi-register.ts';
import { translator } from '../playground/i18n.ts';
import { showStatus } from './status-badge.ts';
import { loadSaved } from './store.ts';

/** How far below the viewport an exercise starts loading its editors. */
const NEAR_VIEWPORT = '600px 0px';

type Mount = typeof import('./exercise-mount.ts');
let mountModule: Promise<Mount> | undefined;

function loadMount(): Promise<Mount> {
  mountModule ??= import('./exercise-mount.ts').catch((error: unknown) => {
    mountModule = undefined; // allow a retry
    throw error;
  });
  return mountModule;
}

function activate(root: HTMLElement, action?: string): void {
  const state = root.dataset['exState'];
  if (state === 'loading') {
    // mount.ts runs it once its editors are in.
    if (action) root.dataset['exPending'] = action;
    return;
  }
  if (state && state !== 'failed') return; // mounted: its own toolbar listener acts
  root.dataset['exState'] = 'loading';
  if (action) root.dataset['exPending'] = action;
  loadMount()
    .then((m) => m.mountExercise(root))
    .catch((error: unknown) => {
      root.dataset['exState'] = 'failed';
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
    });
}

function setUp(): void {
  const roots = [...document.querySelectorAll<HTMLElement>('[data-udplab-exercise]')];
  if (roots.length === 0) return;
  ensureCrossOriginIsolation(
    import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`,
  );
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
    const id = root.dataset['udplabExercise'] ?? '';
    const data = JSON.parse(root.querySelector('script[data-ex-data]')?.textContent ?? '{}') as {
      strings?: Record<string, string>;
    };
    showStatus(
      root.querySelector<HTMLElement>('[data-ex-badge]'),
      loadSaved(id).status,
      translator(data.strings ?? {}),
    );
    for (const bar of root.querySelectorAll<HTMLElement>('[data-ex-toolbar]')) bar.hidden = false;
    root.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      const state = root.dataset['exState'];
      if (
        !button ||
        !button.closest('[data-ex-toolbar]') ||
        (state && state !== 'loading' && state !== 'failed')
      )
        return;
      activate(root, button.dataset['action'] ?? '');
    });
    root.addEventListener('focusin', () => activate(root), { once: true });
    root.addEventListener('pointerenter', () => activate(root), { once: true });
    if (observer) observer.observe(root);
    else activate(root);
  }
}

setUp();
