// How the latest input came, keys or pointer: a focus that follows a key came from the keyboard.
// Shared by the light editor and Monaco, so what a learner did before the swap still counts after it.

let lastInput: 'keyboard' | 'pointer' = 'pointer';
let tracking = false;

/** Starts listening, once per page (call it before the focus you want to classify). */
export function trackInput(): void {
  if (tracking) return;
  tracking = true;
  document.addEventListener('keydown', () => (lastInput = 'keyboard'), { capture: true });
  document.addEventListener('pointerdown', () => (lastInput = 'pointer'), { capture: true });
}

/** The kind of the latest key or pointer press since trackInput() ('pointer' before any). */
export function lastInputKind(): 'keyboard' | 'pointer' {
  return lastInput;
}
