// Class and admin tokens: generated with the system's random source, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A random token, URL-safe (base64url), for a join link's fragment.
 * @param [bytes] Random bytes. Default 16 (128 bits).
 */
export function generateToken(bytes: number = 16) {
  return randomBytes(bytes).toString('base64url');
}

/** Whether `given` equals `expected`, in time that does not depend on where they differ. */
export function tokenMatches(expected: string, given: unknown) {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
