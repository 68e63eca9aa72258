// Keeps each program's edits in localStorage, per lesson and per program file, until Reset.

const PREFIX = 'udplab:code:';

/** The lesson's key: its path without the locale prefix, so both languages share one draft. */
export function lessonKey(pathname: string = location.pathname): string {
  return pathname.replace(/^\/en(?=\/|$)/, '').replace(/\/+$/, '') || '/';
}

function key(lesson: string, playground: string, file: string): string {
  return `${PREFIX}${lesson}#${playground}/${file}`;
}

/** The saved draft, or null when there is none (or storage is unavailable). */
export function loadDraft(lesson: string, playground: string, file: string): string | null {
  try {
    return localStorage.getItem(key(lesson, playground, file));
  } catch {
    return null;
  }
}

/**
 * Saves a draft. Returns false when storage refuses it (quota full, private mode): the edit then
 * lives only in the page and the caller may tell the learner.
 */
export function saveDraft(lesson: string, playground: string, file: string, code: string): boolean {
  try {
    localStorage.setItem(key(lesson, playground, file), code);
    return true;
  } catch {
    return false;
  }
}

/** Forgets a draft (Reset). */
export function clearDraft(lesson: string, playground: string, file: string): void {
  try {
    localStorage.removeItem(key(lesson, playground, file));
  } catch {
    // storage unavailable: nothing was saved either
  }
}
