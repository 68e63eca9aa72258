// Every Run / Stop / Reset of a playground's programs, clicked or pressed as a shortcut, goes
// through its action queue: used by the eager loader for the lessons' playgrounds and by an
// exercise's replay (../exercise-page/replay.ts), which builds its playground later.

import type { ActionQueue } from './action-queue.ts';

/**
 * Run (Ctrl/⌘+Enter) and Stop (Ctrl/⌘+Shift+Enter) from inside a program's editor or terminal:
 * they press that program's toolbar button, so they take the same path (the queue) as a click.
 * Caught before the editor sees them (Monaco would insert a line).
 */
function onShortcut(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.isComposing) return;
  const target = event.target as Element | null;
  const program = target?.closest<HTMLElement>('.pg-program');
  if (!program || !target?.closest('[data-pg-live]')) return;
  const button = program.querySelector<HTMLButtonElement>(
    `[data-pg-toolbar] button[data-action=${event.shiftKey ? 'stop' : 'run'}]`,
  );
  event.preventDefault();
  event.stopPropagation();
  if (button && !button.disabled) button.click();
}

/**
 * Sends `root`'s toolbar clicks and shortcuts to `queue`, before and after the panels exist: one
 * path, so a click is acted on once, in order. One made early says so in its status. `activate`
 * is called on each click (it loads the playground if it is not loaded yet).
 */
export function routeToolbarClicks(root: HTMLElement, queue: ActionQueue, activate: () => void): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const program = button?.closest<HTMLElement>('[data-file]');
    if (!button || !program || !button.closest('[data-pg-toolbar]')) return;
    const waits = queue.push({
      file: program.dataset['file'] ?? '',
      name: button.dataset['action'] ?? '',
    });
    if (waits) {
      const status = program.querySelector<HTMLElement>('[data-pg-status]');
      if (status) status.textContent = root.dataset['pgStarting'] ?? '…';
    }
    activate();
  });
  root.addEventListener('keydown', onShortcut, { capture: true });
}
