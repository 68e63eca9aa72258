// The rules of the class report (a learner's display name, an exercise id), shared by the relay and
// the browser so that both refuse the same input with the same words. No Node imports.

/** Longest display name, in characters (Unicode code points) after trimming. */
export const MAX_NAME_LENGTH = 32;

/** The latest time a JavaScript Date can hold (ms since 1970): a later `at` is refused. */
export const MAX_TIME_MS = 8_640_000_000_000_000;

/** An exercise id as the course names them: lower-case letters, digits and '-', 1 to 48 characters. */
export const EXERCISE_ID_PATTERN = /^[a-z0-9-]{1,48}$/;

/**
 * Characters a name may not hold: C0/C1 controls, line and paragraph separators, and the bidi
 * embedding/override/isolate marks that could make one name look like another on the dashboard.
 */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Invisible characters that would let one name pass for another on the dashboard: the LRM/RLM
 * direction marks, zero-width space / non-joiner / joiner, word joiner, and the zero-width no-break
 * space (byte-order mark).
 */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff]/u;

/**
 * Checks a display name: trimmed, NFC, 1 to MAX_NAME_LENGTH characters, no control or invisible characters.
 */
export function checkDisplayName(value: unknown): { ok: true; name: string } | { ok: false; detail: string } {
  if (typeof value !== 'string') return { ok: false, detail: '"name" must be a string' };
  // Bound the work before normalising: a name many times too long is refused as it is.
  if (value.length > MAX_NAME_LENGTH * 8)
    return { ok: false, detail: `the name is longer than ${MAX_NAME_LENGTH} characters` };
  const name = value.normalize('NFC').trim();
  if (name.length === 0) return { ok: false, detail: 'the name is empty' };
  const length = [...name].length;
  if (length > MAX_NAME_LENGTH)
    return { ok: false, detail: `the name has ${length} characters, at most ${MAX_NAME_LENGTH} are allowed` };
  if (FORBIDDEN.test(name)) return { ok: false, detail: 'the name contains a control character' };
  if (INVISIBLE.test(name))
    return {
      ok: false,
      detail: 'the name contains an invisible character (a direction mark or zero-width character)',
    };
  return { ok: true, name };
}

/** Checks an exercise id's form (whether the course has it is the relay's to say). */
export function isExerciseId(value: unknown): value is string {
  return typeof value === 'string' && EXERCISE_ID_PATTERN.test(value);
}
