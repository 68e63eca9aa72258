// @ts-check
// Per-file test scope: kept apart from helpers.js, which relay-child.js also loads outside vitest.
import { afterEach } from 'vitest';
import { startRelay } from './helpers.js';

/**
 * For one test file: an afterEach that undoes, newest first, what its tests pushed on `cleanup`,
 * and `relayFor(options)`, a test relay closed after the test.
 */
export function testScope() {
  /** @type {Array<() => unknown>} */
  const cleanup = [];
  afterEach(async () => {
    for (let undo = cleanup.pop(); undo !== undefined; undo = cleanup.pop()) await undo();
  });
  /** @param {import('../src/config.js').RelayOptions} [o] */
  const relayFor = async (o) => {
    const relay = await startRelay(o);
    cleanup.push(() => relay.close());
    return relay;
  };
  return { cleanup, relayFor };
}
