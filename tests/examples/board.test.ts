// Golden transcripts of the 掌控板 lessons: board client ⇄ PC receiver, board server (with its OLED) ⇄ PC sender, the server surviving a stranger's non-UTF-8 bytes, discovery by broadcast, a lossy sensor stream and a flooded receive queue.

import { afterAll, describe, expect, it } from 'vitest';
import { createNodeKernel } from '../../site/runtime/runner/node.ts';
import { golden, transcriptOf } from './transcript.ts';

const kernel = await createNodeKernel();
afterAll(() => kernel.dispose());

describe('board scenarios', () => {
  it.each([
    'board-client',
    'board-server',
    'board-server-stranger',
    'board-server-typed',
    'who-online',
    'sensor-stream',
    'board-flood',
  ])('%s matches its golden transcript', async (name) => {
    const actual = await transcriptOf(name, kernel);
    expect(actual).toBe(golden(name, actual));
  });
});
