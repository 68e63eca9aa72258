// Per-file test scope: kept apart from helpers.ts, which relay-child.ts also loads outside vitest.
import { afterEach } from 'vitest';
import { startRelay } from './helpers.ts';
import type { RelayOptions } from '../src/relay/config.ts';

/**
 * For one test file: an afterEach that undoes, newest first, what its tests pushed on `cleanup`,
 * and `relayFor(options)`, a test relay closed after the test.
 */
export function testScope() {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (let undo = cleanup.pop(); undo !== undefined; undo = cleanup.pop()) await undo();
  });
  const relayFor = async (o?: RelayOptions) => {
    const relay = await startRelay(o);
    cleanup.push(() => relay.close());
    return relay;
  };
  return { cleanup, relayFor };
}
