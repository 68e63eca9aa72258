// time.sleep and input(): the blocking calls that are not about sockets.
import { waitUntil } from './blocking.ts';
import { internal } from './kernel-context.ts';
import type { SyscallHandler } from './types.ts';

export const IO_SYSCALLS: Readonly<Record<string, SyscallHandler>> = {
  /** Sleep on the network's clock (so a paused or fast-forwarded simulation sleeps with it). */
  'time.sleep': (ctx, a: { ms: number }) => ctx.sleep(Math.max(0, Number(a.ms) || 0)).then(() => null),

  /** The network clock's time, ms: what time.time() & co. read in a virtual-time run. */
  'time.now': (ctx) => ctx.clock.now(),

  /** One line typed into the terminal, with its '\n'; '' at end of input. */
  'stdin.readline': (ctx) => {
    const k = internal(ctx);
    const stdin = k.stdin;
    const line = stdin.takeLine();
    if (line !== null) return line;
    return waitUntil(
      ctx.clock,
      k.abort,
      (wake) => [stdin.onChange(wake)],
      () => stdin.ready(),
      null,
    ).then(() => stdin.takeLine() ?? '');
  },
};
