// Toolbar clicks before and after the playground is ready: kept in order, each acted on once.
import { describe, expect, it } from 'vitest';
import { ActionQueue, type ToolbarAction } from './action-queue.ts';

const run = (file: string): ToolbarAction => ({ file, name: 'run' });

/** A runner whose Runs end when the test says so; it writes down what it acted on. */
function recorder() {
  const acted: string[] = [];
  const mores: boolean[] = [];
  const finish: Array<() => void> = [];
  const runner = (a: ToolbarAction, more: () => boolean) => {
    acted.push(`${a.name}:${a.file}`);
    if (a.name !== 'run') return Promise.resolve();
    return new Promise<void>((resolve) =>
      finish.push(() => {
        mores.push(more());
        resolve();
      }),
    );
  };
  return { acted, mores, finish, runner };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ActionQueue', () => {
  it('keeps clicks made before it is attached, then acts on them once each, in order', async () => {
    const q = new ActionQueue();
    const r = recorder();
    expect(q.push(run('server'))).toBe(true);
    expect(q.push(run('client'))).toBe(true);
    expect(q.pendingFor('client')).toBe(true);
    q.attach(r.runner);
    expect(r.acted).toEqual(['run:server']); // the client waits until the server's Run is done
    r.finish.shift()?.();
    await tick();
    expect(r.mores).toEqual([true]);
    expect(r.acted).toEqual(['run:server', 'run:client']);
    r.finish.shift()?.();
    await tick();
    expect(r.mores).toEqual([true, false]);
    expect(q.pendingFor('client')).toBe(false);
    expect(r.acted).toHaveLength(2);
  });

  it('acts at once on a click when nothing waits', () => {
    const q = new ActionQueue();
    const r = recorder();
    q.attach(r.runner);
    expect(q.push({ file: 'a', name: 'reset' })).toBe(false);
    expect(r.acted).toEqual(['reset:a']);
  });

  it('queues a click made while earlier ones are still being acted on, but never a Stop', async () => {
    const q = new ActionQueue();
    const r = recorder();
    q.push(run('server'));
    q.attach(r.runner);
    expect(q.push(run('client'))).toBe(true);
    expect(q.push({ file: 'server', name: 'stop' })).toBe(false);
    expect(r.acted).toEqual(['run:server', 'stop:server']);
    r.finish.shift()?.();
    await tick();
    expect(r.acted).toEqual(['run:server', 'stop:server', 'run:client']);
  });

  it('goes on after an action fails', async () => {
    const q = new ActionQueue();
    const acted: string[] = [];
    q.push(run('a'));
    q.push(run('b'));
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      q.attach(async (a) => {
        acted.push(a.file);
        if (a.file === 'a') throw new Error('boom');
      });
      await tick();
    } finally {
      console.warn = warn;
    }
    expect(acted).toEqual(['a', 'b']);
  });
});
