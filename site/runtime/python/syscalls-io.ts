// time.sleep and input(): the blocking calls that are not about sockets.
import { waitUntil } from './blocking.ts';
import { internal } from './kernel-context.ts';
import type { HandlerTable } from './syscall-table.ts';

/** The ops of the calls that are not about sockets. */
export type IoOp = 'time.sleep' | 'time.now' | 'stdin.readline';

export const IO_SYSCALLS: HandlerTable<IoOp> = {
  /** Sleep on the network's clock (so a paused or fast-forwarded simulation sleeps with it). */
  'time.sleep': (ctx, a) => ctx.sleep(Math.max(0, Number(a.ms) || 0)).then(() => null),

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
