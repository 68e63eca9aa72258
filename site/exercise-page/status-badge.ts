// The exercise's status badge (not tried / not passed yet / passed), shared by the eager loader and
// the lazy mount so the badge is right before any editor loads.

import type { Translate } from '../playground/i18n.ts';
import type { ExerciseStatus } from './store.ts';

export function showStatus(badge: HTMLElement | null, status: ExerciseStatus, t: Translate): void {
  if (!badge) return;
  badge.dataset['status'] = status;
  badge.textContent = t(`exercise.status.${status}`);
}
