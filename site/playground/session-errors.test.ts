// The playground's session: an error says what is wrong and carries its stable code on `.code`.
import { describe, expect, it } from 'vitest';
import { Session } from './session.ts';
import type { PlaygroundData, ProgramData } from './types.ts';

describe('Session', () => {
  it('refuses to start a program without a Python runtime: UDPLAB_ERR_NO_RUNTIME on .code', async () => {
    const session = new Session(
      {} as PlaygroundData,
      { kernel: null },
      { onWorld: () => undefined, onDatagram: () => undefined },
      { loss: 0, latency: 0, jitter: 0 } as never,
    );
    const started = session.start({ name: 'p' } as ProgramData, 'print(1)', {
      onStdout: () => undefined,
      onStderr: () => undefined,
    });
    await expect(started).rejects.toMatchObject({
      code: 'UDPLAB_ERR_NO_RUNTIME',
      message: expect.stringMatching(/^UDPLAB_ERR_NO_RUNTIME: .+/),
    });
  });
});
