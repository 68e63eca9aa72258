// The course's exercises, read once at start from content/exercises/*/exercise.json when the relay
// runs from the course's folder, so that the class report accepts only ids the course has.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isExerciseId } from '../protocol/index.ts';
import type { ExerciseInfo } from '../relay/index.ts';

/** content/exercises of the package this relay belongs to. */
export const DEFAULT_EXERCISES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../content/exercises',
);

/**
 * Reads every `<dir>/<folder>/exercise.json`: its `id` (else the folder's name), `lesson` and
 * `title` ({ zh, en }). Ids not of the form ^[a-z0-9-]{1,48}$ and unreadable files are skipped and
 * reported in `skipped`. Null when the folder does not exist (any well-formed id is then accepted).
 */
export function readExerciseCatalog(
  dir: string = DEFAULT_EXERCISES_DIR,
): { exercises: ExerciseInfo[]; skipped: string[] } | null {
  if (!existsSync(dir)) return null;
  const exercises: ExerciseInfo[] = [];
  const skipped: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(dir, entry.name, 'exercise.json');
    if (!existsSync(file)) continue;
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8'));
      const id = typeof raw.id === 'string' ? raw.id : entry.name;
      if (!isExerciseId(id)) {
        skipped.push(`${file}: id ${JSON.stringify(id)}`);
        continue;
      }
      const info: ExerciseInfo = { id };
      if (typeof raw.lesson === 'string') info.lesson = raw.lesson;
      const t = raw.title;
      if (t && typeof t === 'object') {
        info.title = {};
        if (typeof t.zh === 'string') info.title.zh = t.zh;
        if (typeof t.en === 'string') info.title.en = t.en;
      }
      exercises.push(info);
    } catch (err) {
      skipped.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // The course's order: by lesson, then by id.
  exercises.sort((a, b) => (a.lesson ?? '').localeCompare(b.lesson ?? '') || a.id.localeCompare(b.id));
  return { exercises, skipped };
}
