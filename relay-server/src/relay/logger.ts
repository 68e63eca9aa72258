// Structured logs: one JSON object per line. Repeated events (denials) are logged once per window.
import { monotonicNow } from './quotas.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug: (event: string, fields?: Record<string, unknown>) => void;
  info: (event: string, fields?: Record<string, unknown>) => void;
  warn: (event: string, fields?: Record<string, unknown>) => void;
  error: (event: string, fields?: Record<string, unknown>) => void;
  /**
   * Logs `event` at most once per window for the same `key`; the next line carries `suppressed`, how
   * many were left out meanwhile.
   */
  once: (
    key: string,
    level: Exclude<LogLevel, 'silent'>,
    event: string,
    fields?: Record<string, unknown>,
  ) => void;
}

export function createLogger(
  options: {
    /** Lowest level written. Default 'info'. */
    level?: LogLevel;
    /** Where lines go. Default: standard output. */
    write?: (line: string) => void;
    /** Window of `once`, in milliseconds. Default 10 000. */
    windowMs?: number;
    /** Clock for `once`. Default `performance.now`. */
    now?: () => number;
  } = {},
): Logger {
  const {
    level = 'info',
    write = (line) => process.stdout.write(line + '\n'),
    windowMs = 10_000,
    now = monotonicNow,
  } = options;
  const min = LOG_LEVELS.indexOf(level);
  const recent: Map<string, { at: number; suppressed: number }> = new Map();

  function log(lvl: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>) {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, event, ...fields }));
  }

  return {
    debug: (event, fields) => log('debug', event, fields),
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
    once(key, lvl, event, fields) {
      const t = now();
      const seen = recent.get(key);
      if (seen && t - seen.at < windowMs) {
        seen.suppressed++;
        return;
      }
      if (recent.size > 10_000) recent.clear(); // bounded memory under a flood of distinct keys
      recent.set(key, { at: t, suppressed: 0 });
      log(lvl, event, seen?.suppressed ? { ...fields, suppressed: seen.suppressed } : fields);
    },
  };
}

/** A logger that writes nothing (tests). */
export const silentLogger = createLogger({ level: 'silent' });
