// Every exercise's code and status in localStorage, one versioned key per exercise, shared by both
// languages (an exercise id is the same on the Chinese and the English page).

/** Versioned: a future format takes a new prefix and leaves old entries readable by nobody. */
export const STORE_PREFIX = 'udplab:exercise:v1:';

/** not-tried: never checked. failed: checked, never passed. passed: passed at least once (it stays). */
export type ExerciseStatus = 'not-tried' | 'failed' | 'passed';

/** What is kept for one exercise. */
export interface SavedExercise {
  /** Learner program name → code, as last typed. */
  files: Record<string, string>;
  status: ExerciseStatus;
  /** ms since 1970 of the last Check, 0 when none. */
  at: number;
}

function empty(): SavedExercise {
  return { files: {}, status: 'not-tried', at: 0 };
}

/** The saved state (an empty one when nothing is saved, storage is off or the entry is damaged). */
export function loadSaved(id: string): SavedExercise {
  try {
    const raw = localStorage.getItem(STORE_PREFIX + id);
    if (raw === null) return empty();
    const doc = JSON.parse(raw) as Partial<SavedExercise>;
    const files: Record<string, string> = {};
    for (const [k, v] of Object.entries(doc.files ?? {})) if (typeof v === 'string') files[k] = v;
    const status: ExerciseStatus =
      doc.status === 'passed' || doc.status === 'failed' ? doc.status : 'not-tried';
    return { files, status, at: typeof doc.at === 'number' ? doc.at : 0 };
  } catch {
    return empty();
  }
}

function save(id: string, state: SavedExercise): boolean {
  try {
    localStorage.setItem(STORE_PREFIX + id, JSON.stringify(state));
    return true;
  } catch {
    return false; // quota full or private mode: the work lives on in the page
  }
}

/** Keeps one program's code. False when storage refuses it. */
export function saveCode(id: string, program: string, code: string): boolean {
  const state = loadSaved(id);
  state.files[program] = code;
  return save(id, state);
}

/** Records a Check's result; a passed exercise stays passed when a later experiment fails. */
export function saveResult(id: string, passed: boolean, at: number): ExerciseStatus {
  const state = loadSaved(id);
  state.status = passed || state.status === 'passed' ? 'passed' : 'failed';
  state.at = at;
  save(id, state);
  return state.status;
}

/** Forgets one program's code (its Reset), keeping the status. */
export function clearCode(id: string, program: string): void {
  const state = loadSaved(id);
  delete state.files[program];
  save(id, state);
}

/** Forgets every exercise's code and status (the progress page's reset). */
export function clearAll(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(STORE_PREFIX)) keys.push(key);
    }
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // storage unavailable: nothing was saved either
  }
}
