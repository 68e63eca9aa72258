// The class report's eager few lines, on every page with a playground or an exercise: it listens for
// each Check result (`udplab:check-result`) and, only when this tab has joined a class through the
// relay's join link (a class token in the tab's storage), loads the reporter, which asks for a
// display name and sends the result to the relay. Without a class token nothing is loaded and
// nothing leaves the browser.

import { storedRelayToken } from './relay-token.ts';

/** The event the `<Exercise>` component dispatches on `window` after every Check. */
export const CHECK_RESULT_EVENT = 'udplab:check-result';

export interface CheckResultDetail {
  exercise: string;
  lesson: string;
  passed: boolean;
  at: number;
}

/** Results kept while the reporter loads; more are dropped (a learner does not press Check 100 times a second). */
const MAX_WAITING = 100;

type Reporter = typeof import('./class-reporter.ts');
const waiting: CheckResultDetail[] = [];
let handle: { report(d: CheckResultDetail): void } | null = null;
let loading: Promise<void> | null = null;

function load(): void {
  loading ??= import('./class-reporter.ts')
    .then((m: Reporter) => {
      handle = m.startClassReport();
      for (const d of waiting.splice(0)) handle.report(d);
    })
    .catch((error: unknown) => {
      loading = null; // a later result retries
      console.warn('UDP Lab: the class report could not load', error);
    });
}

function isDetail(d: unknown): d is CheckResultDetail {
  if (typeof d !== 'object' || d === null) return false;
  const r = d as Record<string, unknown>;
  return typeof r['exercise'] === 'string' && typeof r['passed'] === 'boolean' && typeof r['at'] === 'number';
}

function onCheckResult(event: Event): void {
  if (storedRelayToken() === null) return; // not in a class: nothing leaves the browser
  const detail: unknown = (event as CustomEvent<unknown>).detail;
  if (!isDetail(detail)) return;
  if (handle) return handle.report(detail);
  if (waiting.length < MAX_WAITING) waiting.push(detail);
  load();
}

window.addEventListener(CHECK_RESULT_EVENT, onCheckResult);
// A tab that joined asks for the name at once, so the learner is not interrupted at their first Check
// (the reporter opens its relay session only at the first result).
if (storedRelayToken() !== null) load();
