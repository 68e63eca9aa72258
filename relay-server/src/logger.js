// @ts-check
// Structured logs: one JSON object per line. Repeated events (denials) are logged once per window.
import { monotonicNow } from './quotas.js';

export const LOG_LEVELS = /** @type {const} */ (['debug', 'info', 'warn', 'error', 'silent']);
/** @typedef {typeof LOG_LEVELS[number]} LogLevel */

/**
 * @typedef {object} Logger
 * @property {(event: string, fields?: Record<string, unknown>) => void} debug
 * @property {(event: string, fields?: Record<string, unknown>) => void} info
 * @property {(event: string, fields?: Record<string, unknown>) => void} warn
 * @property {(event: string, fields?: Record<string, unknown>) => void} error
 * @property {(key: string, level: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>) => void} once
 *   Logs `event` at most once per window for the same `key`; the next line carries `suppressed`,
 *   how many were left out meanwhile.
 */

/**
 * @param {object} [options]
 * @param {LogLevel} [options.level] Lowest level written. Default 'info'.
 * @param {(line: string) => void} [options.write] Where lines go. Default: standard output.
 * @param {number} [options.windowMs] Window of `once`, in milliseconds. Default 10 000.
 * @param {() => number} [options.now] Clock for `once`. Default `performance.now`.
 * @returns {Logger}
 */
export function createLogger(options = {}) {
  const {
    level = 'info',
    write = (line) => process.stdout.write(line + '\n'),
    windowMs = 10_000,
    now = monotonicNow,
  } = options;
  const min = LOG_LEVELS.indexOf(level);
  /** @type {Map<string, { at: number, suppressed: number }>} */
  const recent = new Map();

  /** @param {Exclude<LogLevel, 'silent'>} lvl @param {string} event @param {Record<string, unknown>} [fields] */
  function log(lvl, event, fields) {
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
