// The runner's scheduling on a fake kernel (JS scripts in place of Python): start order, stdin,
// the timeout's KeyboardInterrupt, virtual and real time, the --json document.

import { describe, expect, it } from 'vitest';
import { exitStatus, toJson } from '../cli/index.ts';
import { executeScenario, type RunOptions } from './run-scenario.ts';
import type { Scenario } from '../scenario/index.ts';
import { validateScenario } from '../scenario/index.ts';
import { FakeKernel } from './testing/fake-kernel.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function scenario(programs: Scenario['programs'], extra: Partial<Scenario> = {}): Scenario {
  return validateScenario({
    lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
    accessPoints: [{ ssid: 'ssid', password: 'password', lan: 'home' }],
    hosts: [
      { name: 'pc', kind: 'pc', ip: '192.168.0.3' },
      { name: 'board', kind: 'board' },
    ],
    programs,
    ...extra,
  });
}

function options(kernel: FakeKernel, extra: Partial<RunOptions> = {}): RunOptions {
  return { kernel, readFile: (p) => p, boardModules: {}, time: 'virtual', ...extra };
}

describe('start order', () => {
  it('starts each program once the previous one blocks', async () => {
    const log: string[] = [];
    const kernel = new FakeKernel()
      .define('server', async (sys) => {
        const fd = sys.host.socket('AF_INET', 'SOCK_DGRAM');
        sys.host.bind(fd, '0.0.0.0', 10000);
        log.push('server bound');
        const got = await sys.recvfrom(fd, 1024);
        sys.print(`got ${dec(got.data)} from ${got.ip}`);
      })
      .define('client', async (sys) => {
        log.push('client started');
        const fd = sys.host.socket('AF_INET', 'SOCK_DGRAM');
        sys.host.sendto(fd, enc('hi'), '127.0.0.1', 10000);
      });
    const result = await executeScenario(
      scenario([
        { code: 'server', name: 'server.py', host: 'pc' },
        { code: 'client', name: 'client.py', host: 'pc' },
      ]),
      options(kernel),
    );
    expect(log).toEqual(['server bound', 'client started']);
    expect(result.programs[0]?.stdout).toBe('got hi from 127.0.0.1\n');
    expect(result.timedOut).toBe(false);
    expect(result.datagrams).toEqual([
      expect.objectContaining({
        src: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        dst: '127.0.0.1:10000',
        size: 2,
        fate: 'delivered',
      }),
    ]);
    expect(exitStatus(result)).toBe(0);
  });

  it('a board inside connectWiFi (blocked in wifi.wait) does not count as waiting yet', async () => {
    const log: string[] = [];
    const kernel = new FakeKernel()
      .define('board', async (sys) => {
        for (let i = 0; i < 3; i++) await sys.call('wifi.wait', { ms: 500 });
        log.push('board joined');
        await sys.sleep(100);
      })
      .define('pc', async () => {
        log.push('pc started');
      });
    await executeScenario(
      scenario([
        { code: 'board', name: 'b.py', host: 'board' },
        { code: 'pc', name: 'p.py', host: 'pc' },
      ]),
      options(kernel),
    );
    expect(log).toEqual(['board joined', 'pc started']);
  });

  it('start.output waits for a line of another program', async () => {
    const kernel = new FakeKernel()
      .define('slow', async (sys) => {
        await sys.sleep(1000);
        sys.print('ready');
        await sys.sleep(1000);
      })
      .define('after', async (sys) => sys.print('go'));
    const result = await executeScenario(
      scenario([
        { code: 'slow', name: 'slow.py', host: 'pc' },
        { code: 'after', name: 'after.py', host: 'pc', start: { output: '^ready' } },
      ]),
      options(kernel),
    );
    expect(result.programs.map((p) => p.stdout)).toEqual(['ready\n', 'go\n']);
  });
});

describe('stdin', () => {
  it('types each line when the program waits in input(), echoed, then closes stdin', async () => {
    const kernel = new FakeKernel().define('chat', async (sys) => {
      for (;;) {
        const line = await sys.input('> ');
        sys.print(`[${line}]`);
      }
    });
    const result = await executeScenario(
      scenario([
        { code: 'chat', name: 'chat.py', host: 'pc', stdin: ['你好', { text: 'bye', delayMs: 500 }] },
      ]),
      options(kernel),
    );
    expect(result.programs[0]?.stdout).toBe('> 你好\n[你好]\n> bye\n[bye]\n> ');
    expect(result.programs[0]?.exception).toBe('EOFError');
    expect(result.durationMs).toBe(500);
  });

  it('waitFor holds a line back until the output matches', async () => {
    const kernel = new FakeKernel().define('p', async (sys) => {
      const a = await sys.input();
      await sys.sleep(300);
      sys.print('now');
      const b = await sys.input();
      sys.print(a + b);
    });
    const result = await executeScenario(
      scenario([{ code: 'p', name: 'p.py', host: 'pc', stdin: ['x', { text: 'y', waitFor: 'now' }] }]),
      options(kernel, { echoStdin: false }),
    );
    expect(result.programs[0]?.stdout).toBe('now\nxy\n');
  });
});

describe('timeout', () => {
  it('sends KeyboardInterrupt to every program still running, on virtual time', async () => {
    const loop = async (sys: import('./testing/fake-kernel.ts').FakeSys): Promise<void> => {
      for (;;) await sys.sleep(2000);
    };
    const kernel = new FakeKernel().define('loop', loop).define('catcher', async (sys) => {
      try {
        for (;;) await sys.sleep(2000);
      } catch (err) {
        sys.print('stopped by user');
        throw err;
      }
    });
    const result = await executeScenario(
      scenario([
        { code: 'loop', name: 'a.py', host: 'pc' },
        { code: 'catcher', name: 'b.py', host: 'board' },
      ]),
      options(kernel, { timeout: 5 }),
    );
    expect(result.timedOut).toBe(true);
    expect(result.durationMs).toBe(5000);
    expect(result.programs.map((p) => [p.exception, p.exitCode, p.interrupted])).toEqual([
      ['KeyboardInterrupt', 130, true],
      ['KeyboardInterrupt', 130, true],
    ]);
    expect(result.programs[1]?.stdout).toBe('stopped by user\n');
    expect(exitStatus(result)).toBe(0);
  });

  it('ends promptly on real time too', async () => {
    const kernel = new FakeKernel().define('loop', async (sys) => {
      for (;;) await sys.sleep(2000);
    });
    const t0 = performance.now();
    const result = await executeScenario(
      scenario([{ code: 'loop', name: 'a.py', host: 'pc' }]),
      options(kernel, { time: 'real', timeout: 0.2 }),
    );
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(result.programs[0]?.exception).toBe('KeyboardInterrupt');
  });

  it('counts from the last program that started running: interpreter loading does not count', async () => {
    const kernel = new FakeKernel()
      .define('loop', async (sys) => {
        for (;;) await sys.sleep(100);
      })
      .define(
        'slow',
        async (sys) => {
          sys.print('running');
          for (;;) await sys.sleep(100);
        },
        150,
      );
    const result = await executeScenario(
      scenario([
        { code: 'loop', name: 'a.py', host: 'pc' },
        { code: 'slow', name: 'b.py', host: 'pc' },
      ]),
      options(kernel, { time: 'real', timeout: 0.1 }),
    );
    expect(result.programs[1]).toMatchObject({
      stdout: 'running\n',
      exception: 'KeyboardInterrupt',
      interrupted: true,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(240);
  });

  it('kills a program that ignores KeyboardInterrupt after the grace period', async () => {
    const kernel = new FakeKernel().define('stubborn', async (sys) => {
      for (;;) {
        try {
          await sys.sleep(1000);
        } catch {
          // ignores Ctrl-C
        }
      }
    });
    const result = await executeScenario(
      scenario([{ code: 'stubborn', name: 's.py', host: 'pc' }]),
      options(kernel, { timeout: 1, graceMs: 50 }),
    );
    expect(result.programs[0]).toMatchObject({ killed: true, exitCode: 137 });
    expect(exitStatus(result)).toBe(0);
  });

  it('a program the run never reached is reported as not started', async () => {
    const kernel = new FakeKernel().define('busy', async () => {
      await new Promise(() => {});
    });
    const result = await executeScenario(
      scenario([
        { code: 'busy', name: 'busy.py', host: 'pc' },
        { code: 'busy', name: 'never.py', host: 'pc' },
      ]),
      options(kernel, { time: 'real', timeout: 0.1, graceMs: 20 }),
    );
    expect(result.programs[1]).toMatchObject({ started: false, exitCode: null });
    expect(exitStatus(result)).toBe(1);
  });
});

describe('the --json document', () => {
  it('has programs and datagrams in the documented shape', async () => {
    const kernel = new FakeKernel().define('hello', async (sys) => sys.print('hello'));
    const result = await executeScenario(
      scenario([{ code: 'hello', name: 'hello.py', host: 'pc' }]),
      options(kernel),
    );
    const doc = JSON.parse(toJson(result, ['127.0.0.1']));
    expect(doc.programs).toEqual([
      {
        file: 'hello.py',
        host: '127.0.0.1',
        runtime: 'cpython',
        stdout: 'hello\n',
        stderr: '',
        exception: null,
        exitCode: 0,
        started: true,
        interrupted: false,
      },
    ]);
    expect(doc.datagrams).toEqual([]);
    expect(Object.keys(doc)).toEqual(['programs', 'datagrams', 'boards', 'timedOut']);
    expect(doc.boards[0].oled).toHaveLength(64);
  });
});
