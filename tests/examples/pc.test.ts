// Golden transcripts of the PC lessons: one question one answer, vvBoard ⇄ PC (clean and lossy), the chat, a port nobody listens on, and stop-and-wait on a lossy LAN.

import { afterAll, describe, expect, it } from 'vitest';
import { createNodeKernel } from '../../site/runtime/runner/node.ts';
import { golden, transcriptOf } from './transcript.ts';

const kernel = await createNodeKernel();
afterAll(() => kernel.dispose());

describe('PC scenarios', () => {
  it.each([
    'flow',
    'vvboard-pc',
    'vvboard-pc-lossy',
    'chat',
    'port-unreachable',
    'vvboard-pc-typed',
    'stop-and-wait',
  ])('%s matches its golden transcript', async (name) => {
    const actual = await transcriptOf(name, kernel);
    expect(actual).toBe(golden(name, actual));
  });
});
