// Finds where a Python traceback points in the learner's file: the last frame naming it, and the error line.

/** Line and message of an uncaught exception, or null when the text holds no frame in `file`. */
export function locateError(stderr: string, file: string): { line: number; message: string } | null {
  const frame = new RegExp(
    `File "(?:[^"]*/)?${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", line (\\d+)`,
    'g',
  );
  let line = 0;
  for (const match of stderr.matchAll(frame)) line = Number(match[1]);
  if (line === 0) return null;
  const lines = stderr.trimEnd().split('\n');
  const message = lines[lines.length - 1]?.trim() ?? '';
  return { line, message };
}
