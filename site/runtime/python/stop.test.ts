// Blocking like real Python (input, sleep, recvfrom) and Stop / Ctrl-C inside each of them and in
// a CPU loop, on real Pyodide and real MicroPython.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from './kernel.ts';
import { py, run, testWorld, type TestWorld } from './testing/programs.ts';
import type { Kernel, RuntimeName } from './types.ts';

let kernel: Kernel;
let world: TestWorld;

beforeAll(async () => {
  kernel = createKernel();
  world = testWorld();
  await Promise.all([kernel.prewarm('cpython'), kernel.prewarm('micropython')]);
}, 120_000);

afterAll(() => kernel.dispose());

/** Stop must reach the program's except/finally this fast (the budget; a very slow CI
 * machine may raise it with UDPLAB_TEST_STOP_BUDGET_MS). */
const STOP_BUDGET_MS = Number(process.env['UDPLAB_TEST_STOP_BUDGET_MS'] ?? 200);

const BLOCKING_CALLS: ReadonlyArray<[string, string, string]> = [
  [
    'recvfrom',
    'socket.recvfrom',
    `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('', 5005))
s.recvfrom(1024)`,
  ],
  ['input', 'stdin.readline', `name = input('名字? ')`],
  ['sleep', 'time.sleep', `import time\ntime.sleep(30)`],
];

describe.each(['cpython', 'micropython'] as RuntimeName[])('%s', (runtime) => {
  it.each(BLOCKING_CALLS)(
    'Stop in %s raises KeyboardInterrupt there; except and finally run',
    async (_name, op, call) => {
      const code = `try:\n${call.replace(/^/gm, '    ')}\nexcept KeyboardInterrupt:\n    print('except ran')\nfinally:\n    print('finally ran')\n`;
      const r = run(kernel, world, runtime, code);
      await r.blocked();
      expect(r.process.blockedOn).toBe(op);
      const t0 = performance.now();
      r.process.interrupt();
      await r.waitFor('finally ran', 5_000);
      expect(performance.now() - t0).toBeLessThan(STOP_BUDGET_MS);
      expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
      expect(r.stdout()).toMatch(/except ran\nfinally ran\n$/);
    },
  );

  it('shows a prompt printed without a newline before the program blocks', async () => {
    const r = run(kernel, world, runtime, 'import time\nprint("waiting", end="")\ntime.sleep(30)\n');
    await r.blocked();
    await r.waitFor('waiting', 2_000);
    r.process.kill();
    await r.process.exited;
  });

  it('an uncaught Stop prints the KeyboardInterrupt traceback at the blocking line', async () => {
    const r = run(kernel, world, runtime, 'import time\nprint("start")\ntime.sleep(30)\n');
    await r.blocked();
    r.process.interrupt();
    expect(await r.process.exited).toEqual({ exitCode: 130, exception: 'KeyboardInterrupt' });
    if (runtime === 'cpython') {
      expect(r.stderr()).toBe(
        'Traceback (most recent call last):\n  File "prog.py", line 3, in <module>\n    time.sleep(30)\n' +
          '    ~~~~~~~~~~^^^^\nKeyboardInterrupt\n',
      );
    } else {
      expect(r.stdout()).toBe(
        'start\nTraceback (most recent call last):\n  File "main.py", line 3, in <module>\nKeyboardInterrupt: \n',
      );
    }
  });

  it('a Stop the moment the program is handed over still says KeyboardInterrupt', async () => {
    // The interrupt lands before the program's first line (in the runner that sets it up) or in
    // its loop; either way the learner sees that Stop took effect, never a silent exit.
    const code = 'try:\n    while True:\n        pass\nexcept KeyboardInterrupt:\n    print("caught")\n';
    for (let i = 0; i < 5; i++) {
      const r = run(kernel, world, runtime, code);
      await r.running();
      r.process.interrupt();
      const ex = await r.process.exited;
      const said = r.stdout() + r.stderr();
      if (said.includes('caught\n')) {
        // Raised in the loop and handled there: the program then ends normally, as in CPython.
        expect(ex).toEqual({ exitCode: 0, exception: null });
      } else {
        expect(ex).toEqual({ exitCode: 130, exception: 'KeyboardInterrupt' });
        // MicroPython's `while True: pass` takes no interrupt: the board is reset, and says only that.
        expect(said).toMatch(
          runtime === 'cpython' ? /KeyboardInterrupt\n$/ : /^\[UDP Lab\] Stop could not interrupt/,
        );
      }
    }
  });

  it('input() reads piped lines, Chinese both ways, and EOFError at the end', async () => {
    const r = run(
      kernel,
      world,
      runtime,
      py(`
      name = input('你叫什么名字？')
      print('你好，' + name + '！')
      print(len(input()))
      try:
          input('more? ')
      except EOFError:
          print('EOF')
    `),
    );
    r.process.writeStdin('小明\r\nabc');
    await r.waitFor('你好');
    r.process.writeStdin('def\n');
    r.process.closeStdin();
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe('你叫什么名字？你好，小明！\n6\nmore? EOF\n');
  });

  it('time.sleep blocks this program only, in order with the others', async () => {
    const log: string[] = [];
    // Both wait for a line first, so that the two start sleeping together whatever their load times.
    const prog = (name: string, ms: number) =>
      run(
        kernel,
        world,
        runtime,
        `import time\ninput()\nfor i in range(3):\n    time.sleep(${ms / 1000})\n    print('${name}', i)\n`,
        {
          onStdout: (t) => log.push(...t.trim().split('\n')),
        },
      );
    const slow = prog('slow', 200);
    const fast = prog('fast', 40);
    await Promise.all([slow.blocked(), fast.blocked()]);
    slow.process.writeStdin('\n');
    fast.process.writeStdin('\n');
    await Promise.all([slow.process.exited, fast.process.exited]);
    expect(log.indexOf('fast 2')).toBeLessThan(log.indexOf('slow 1'));
    expect(log.filter((l) => l.startsWith('slow'))).toEqual(['slow 0', 'slow 1', 'slow 2']);
  });
});

describe('Stop in a CPU loop', () => {
  it('cpython: KeyboardInterrupt inside `while True: pass`, finally runs', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      'try:\n    print("spin")\n    while True:\n        pass\nfinally:\n    print("finally ran")\n',
    );
    // "spin" reaches the terminal while print() is still returning, so a Stop sent at once can
    // land on line 2. The print sits inside the try so finally runs either way; the short wait
    // lets the program get into the loop, which is what the traceback check below is about.
    await r.waitFor('spin');
    await new Promise((done) => setTimeout(done, 100));
    const t0 = performance.now();
    r.process.interrupt();
    await r.waitFor('finally ran', 5_000);
    expect(performance.now() - t0).toBeLessThan(STOP_BUDGET_MS);
    expect(await r.process.exited).toEqual({ exitCode: 130, exception: 'KeyboardInterrupt' });
    expect(r.stderr()).toMatch(
      /File "prog.py", line (4, in <module>\n {4}pass|2, in <module>\n {4}print\("spin"\)[^]*)\nKeyboardInterrupt\n$/,
    );
  });

  it('micropython: a loop that prints takes the KeyboardInterrupt itself', async () => {
    const r = run(
      kernel,
      world,
      'micropython',
      'i = 0\ntry:\n    while True:\n        i += 1\n        print(i)\nfinally:\n    print("finally ran")\n',
    );
    await r.waitFor('\n100\n');
    r.process.interrupt();
    await r.waitFor('finally ran', 1_000);
    expect(await r.process.exited).toEqual({ exitCode: 130, exception: 'KeyboardInterrupt' });
    expect(r.stdout()).toMatch(
      /finally ran\nTraceback \(most recent call last\):\n {2}File "main.py", line \d, in <module>\nKeyboardInterrupt: \n$/,
    );
  });

  it('micropython: `while True: pass` is stopped by resetting the board, and says so', async () => {
    const r = run(kernel, world, 'micropython', 'print("spin")\nwhile True:\n    pass\n');
    await r.waitFor('spin');
    await new Promise((resolve) => setTimeout(resolve, 50)); // in the loop, past its last print
    const t0 = performance.now();
    r.process.interrupt();
    expect(await r.process.exited).toEqual({ exitCode: 130, exception: 'KeyboardInterrupt' });
    expect(performance.now() - t0).toBeLessThan(STOP_BUDGET_MS + 100);
    // One story: no `KeyboardInterrupt: ` (the program never got one), only why the board was reset.
    expect(r.stdout()).toBe('spin\n');
    expect(r.stderr()).toMatch(
      /^\[UDP Lab\] Stop could not interrupt the program.*board was reset.*did not run/,
    );
    // The board is usable again at once: a new program binds the same port.
    const again = run(
      kernel,
      world,
      'micropython',
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 5005))\nprint("ok")\n',
    );
    expect(await again.process.exited).toEqual({ exitCode: 0, exception: null });
  });

  it('kill() ends a program at once and frees its port', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 5006))\nwhile True:\n    pass\n',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    r.process.kill();
    expect(await r.process.exited).toEqual({ exitCode: 137, exception: null });
    expect(r.process.state).toBe('exited');
    const again = run(
      kernel,
      world,
      'cpython',
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 5006))\n',
    );
    expect(await again.process.exited).toEqual({ exitCode: 0, exception: null });
  });
});
