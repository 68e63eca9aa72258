// Field readers for the exercise validator: each records a problem (path, what is wrong, what to
// write instead) and returns the value only when it is right. Pure.

/** Stable codes of exercise mistakes (content/exercises/README.md lists them). */
export type ExerciseErrorCode =
  | 'EXERCISE_ERR_TYPE'
  | 'EXERCISE_ERR_UNKNOWN_FIELD'
  | 'EXERCISE_ERR_MISSING'
  | 'EXERCISE_ERR_RANGE'
  | 'EXERCISE_ERR_DUPLICATE'
  | 'EXERCISE_ERR_UNKNOWN_REF'
  | 'EXERCISE_ERR_REGEX'
  | 'EXERCISE_ERR_SCENARIO';

/** One problem, at a path such as `checks[2].regex`. */
export interface ExerciseProblem {
  readonly code: ExerciseErrorCode;
  readonly path: string;
  readonly message: string;
}

/** 'exercise' + 'id' → 'id'; 'checks[0]' + 'id' → 'checks[0].id'. */
function at(path: string, key: string): string {
  return path === 'exercise' ? key : `${path}.${key}`;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value}"` : typeof value;
}

export class Fields {
  readonly problems: ExerciseProblem[] = [];

  add(code: ExerciseErrorCode, path: string, message: string): void {
    this.problems.push({ code, path, message });
  }

  object(value: unknown, path: string, allowed: readonly string[]): value is Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(
        'EXERCISE_ERR_TYPE',
        path === 'exercise' ? '(root)' : path,
        `must be an object, got ${describe(value)}`,
      );
      return false;
    }
    for (const key of Object.keys(value))
      if (key !== '$schema' && !allowed.includes(key))
        this.add(
          'EXERCISE_ERR_UNKNOWN_FIELD',
          at(path, key),
          `unknown field; allowed here: ${allowed.join(', ')}`,
        );
    return true;
  }

  string(obj: Record<string, unknown>, key: string, path: string, required: boolean): string | undefined {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.add('EXERCISE_ERR_MISSING', at(path, key), 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value === '') {
      this.add('EXERCISE_ERR_TYPE', at(path, key), `must be a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  number(
    obj: Record<string, unknown>,
    key: string,
    path: string,
    min: number,
    max: number,
    integer = false,
  ): number | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      this.add(
        'EXERCISE_ERR_RANGE',
        at(path, key),
        `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
      return undefined;
    }
    return value;
  }

  list(obj: Record<string, unknown>, key: string, path: string, required: boolean): unknown[] {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.add('EXERCISE_ERR_MISSING', at(path, key), 'is required (a list)');
      return [];
    }
    if (!Array.isArray(value)) {
      this.add('EXERCISE_ERR_TYPE', at(path, key), `must be a list, got ${describe(value)}`);
      return [];
    }
    return value;
  }

  /** A list of non-empty strings; `path` is the list's own path. */
  stringList(obj: Record<string, unknown>, key: string, path: string, required: boolean): string[] {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.add('EXERCISE_ERR_MISSING', path, 'is required (a list of strings)');
      return [];
    }
    if (!Array.isArray(value)) {
      this.add('EXERCISE_ERR_TYPE', path, `must be a list of strings, got ${describe(value)}`);
      return [];
    }
    const out: string[] = [];
    value.forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else this.add('EXERCISE_ERR_TYPE', `${path}[${i}]`, `must be a string, got ${describe(v)}`);
    });
    return out;
  }

  /** `{ "zh": "…", "en": "…" }`, both non-empty. */
  bilingual(obj: Record<string, unknown>, key: string, path: string): void {
    const value = obj[key];
    if (value === undefined) {
      this.add('EXERCISE_ERR_MISSING', path, 'is required: { "zh": "…", "en": "…" }');
      return;
    }
    if (!this.object(value, path, ['zh', 'en'])) return;
    this.string(value, 'zh', path, true);
    this.string(value, 'en', path, true);
  }

  regex(value: string | undefined, path: string): void {
    if (value === undefined) return;
    try {
      new RegExp(value, 'u');
    } catch (err) {
      this.add('EXERCISE_ERR_REGEX', path, `is not a valid regular expression (${(err as Error).message})`);
    }
  }
}
