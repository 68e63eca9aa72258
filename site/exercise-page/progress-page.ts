// The progress page: each exercise's status from localStorage, the count passed, and a reset of
// every exercise's code and status after a confirmation.

import { clearAll, loadSaved } from './store.ts';

function fill(root: HTMLElement, s: Record<string, string>): void {
  const rows = [...root.querySelectorAll<HTMLElement>('tr[data-exercise]')];
  let passed = 0;
  for (const row of rows) {
    const status = loadSaved(row.dataset['exercise'] ?? '').status;
    if (status === 'passed') passed++;
    const cell = row.querySelector<HTMLElement>('.ex-status');
    if (!cell) continue;
    cell.dataset['status'] = status;
    cell.textContent = s[status] ?? status;
  }
  const summary = root.querySelector<HTMLElement>('[data-progress-summary]');
  if (summary)
    summary.textContent = (s['summary'] ?? '')
      .replace('{{passed}}', String(passed))
      .replace('{{total}}', String(rows.length));
}

for (const root of document.querySelectorAll<HTMLElement>('[data-udplab-progress]')) {
  const s = JSON.parse(root.dataset['strings'] ?? '{}') as Record<string, string>;
  fill(root, s);
  const reset = root.querySelector<HTMLButtonElement>('[data-progress-reset]');
  if (!reset) continue;
  reset.hidden = false;
  reset.addEventListener('click', () => {
    if (!window.confirm(s['confirm'] ?? '')) return;
    clearAll();
    fill(root, s);
    const summary = root.querySelector<HTMLElement>('[data-progress-summary]');
    if (summary) summary.textContent += ` ${s['done'] ?? ''}`;
  });
  // Another tab checked an exercise: show it here too.
  window.addEventListener('storage', () => fill(root, s));
}
