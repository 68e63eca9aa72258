// The door is declared once (syscall-table.ts, ../netsim/errno-table.ts): the generated files
// are up to date, the shims name no op the table lacks, and every declared op has a handler.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BoardOp } from '../board/index.ts';
import { ERRNO_TABLE } from '../netsim/index.ts';
import { ERRNO_NUMBERS } from '../../../relay-server/src/protocol/index.ts';
import { GENERATED, REPO_ROOT, staleFiles } from './door-codegen.ts';
import { ERRNO } from './errors.ts';
import { SYSCALLS, readyForNext, type HandlerTable, type SyscallOp } from './syscall-table.ts';
import type { IoOp } from './syscalls-io.ts';
import type { SocketOp } from './syscalls-socket.ts';
import type { StreamOp } from './syscalls-stream.ts';

const SHIMS = new URL('./shims/', import.meta.url);

describe('the declared door', () => {
  it('has every generated file up to date (run `npm run gen:door` after changing a table)', () => {
    expect(GENERATED.length).toBeGreaterThan(0);
    expect(staleFiles()).toEqual([]);
  });

  it('leaves no op name as a bare string in the shims: they use _udplab_ops', () => {
    const bare = /['"](?:socket|net|time|stdin|board|wifi|oled)\.[a-z_]+['"]|call\(\s*['"]select['"]/g;
    for (const file of readdirSync(SHIMS)) {
      if (!file.endsWith('.py') || file === '_udplab_ops.py') continue;
      const source = readFileSync(new URL(file, SHIMS), 'utf8');
      expect(source.match(bare) ?? [], file).toEqual([]);
    }
  });

  it('declares every op the shims call', () => {
    const ops = readFileSync(new URL('_udplab_ops.py', SHIMS), 'utf8');
    const constants = new Set([...ops.matchAll(/^(\w+) = '/gm)].map((m) => m[1]));
    for (const file of readdirSync(SHIMS)) {
      if (!file.endsWith('.py')) continue;
      const source = readFileSync(new URL(file, SHIMS), 'utf8');
      for (const [, name] of source.matchAll(/\b_op\.(\w+)/g))
        expect(constants.has(name), `${file}: _op.${name}`).toBe(true);
    }
    expect(constants.size).toBe(Object.keys(SYSCALLS).length);
  });

  it('has a handler for every declared op (checked by the compiler) and holds the next program only in start-up waits', () => {
    // Fails to compile when an op of the table has no handler table that covers it.
    const covered: [Exclude<SyscallOp, SocketOp | StreamOp | IoOp | BoardOp>] extends [never] ? true : false =
      true;
    expect(covered).toBe(true);
    expect(readyForNext({ state: 'blocked', blockedOn: 'socket.recvfrom' })).toBe(true);
    expect(readyForNext({ state: 'blocked', blockedOn: 'wifi.wait' })).toBe(false);
    expect(readyForNext({ state: 'blocked', blockedOn: 'oled.glyphs' })).toBe(false);
    expect(readyForNext({ state: 'running' })).toBe(false);
    expect(readyForNext({ state: 'exited' })).toBe(true);
  });

  it('rejects a handler of the wrong shape at compile time', () => {
    const table: HandlerTable<'time.sleep' | 'net.resolve'> = {
      // @ts-expect-error time.sleep's argument is { ms: number }, not { seconds }
      'time.sleep': (_ctx, a: { seconds: number }) => a.seconds,
      // @ts-expect-error net.resolve does not block: no Promise
      'net.resolve': async () => '10.0.0.1',
    };
    expect(Object.keys(table)).toHaveLength(2);
  });

  it('declares only errnos of the one errno table', () => {
    for (const [op, facts] of Object.entries(SYSCALLS)) {
      for (const name of facts.errnos) expect(ERRNO_TABLE[name], `${op}: ${name}`).toBeDefined();
    }
  });
});

describe('the one errno table', () => {
  it('gives the kernel, the relay and the generated Python the same numbers', () => {
    expect(ERRNO).toBe(ERRNO_TABLE);
    for (const [name, [errno]] of Object.entries(ERRNO_TABLE)) {
      expect((ERRNO_NUMBERS as Record<string, number>)[name], name).toBe(errno);
    }
    const py = readFileSync(`${REPO_ROOT}site/runtime/python/shims/_udplab_errno.py`, 'utf8');
    expect(py).toContain('ECONNREFUSED = 111\n');
    expect(py).toContain('EOPNOTSUPP = ENOTSUP\n');
  });
});
