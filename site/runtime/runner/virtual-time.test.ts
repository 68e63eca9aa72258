// Under virtual time every clock a program can read is the simulated one: time.time(),
// monotonic(), perf_counter() (CPython), time(), ticks_ms() and utime (MicroPython), socket
// timeouts and sleep. 32.5 simulated seconds pass in well under that of real time, and a run
// replays exactly. Real interpreters.

import { afterAll, describe, expect, it } from 'vitest';
import { createNodeKernel, runScenario } from './run-node.ts';
import type { Scenario } from '../scenario/index.ts';

const kernel = await createNodeKernel();
afterAll(() => kernel.dispose());

const CPYTHON = `import time, socket
t0, m0, p0 = time.time(), time.monotonic(), time.perf_counter()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2.5)
try:
    s.recvfrom(100)
except socket.timeout:
    print("timed out after", round(time.monotonic() - m0, 3))
time.sleep(30)
print("time", round(time.time() - t0, 3), "mono", round(time.monotonic() - m0, 3), "perf", round(time.perf_counter() - p0, 3))
print("start", t0, time.ctime(t0))
`;

const MICROPYTHON = `import time, socket, utime
t0, w0 = time.ticks_ms(), time.time()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2.5)
try:
    s.recvfrom(100)
except OSError as e:
    print("timed out", e, time.ticks_diff(utime.ticks_ms(), t0))
utime.sleep(30)
print("ticks", time.ticks_diff(utime.ticks_ms(), t0), "time", round(time.time() - w0, 3))
`;

const scenario: Scenario = {
  hosts: [{ name: 'pc', kind: 'pc' }],
  programs: [
    { name: 'cpython.py', code: CPYTHON, host: 'pc' },
    { name: 'micropython.py', code: MICROPYTHON, host: 'pc', runtime: 'micropython' },
  ],
};

describe('virtual time', () => {
  it('every clock a program reads is the simulated one, and a run replays exactly', async () => {
    const epochMs = Date.UTC(2026, 0, 1);
    const t0 = performance.now();
    const first = await runScenario(scenario, { kernel, time: 'virtual', epochMs, timeout: 60 });
    const wall = performance.now() - t0;
    const [py, mp] = first.programs;
    expect(py?.stderr).toBe('');
    expect(py?.stdout).toBe(
      'timed out after 2.5\ntime 32.5 mono 32.5 perf 32.5\nstart 1767225600.0 Thu Jan  1 00:00:00 2026\n',
    );
    // MicroPython's lwIP timeouts end on 100 ms steps: ⌊2.5/0.1⌋+1 = 26.
    expect(mp?.stdout).toBe('timed out [Errno 110] ETIMEDOUT 2600\nticks 32600 time 32.6\n');
    // 32.6 simulated seconds; the bound only says it was not waited out on the wall clock.
    expect(wall).toBeLessThan(30_000);
    const again = await runScenario(scenario, { kernel, time: 'virtual', epochMs, timeout: 60 });
    expect(again.programs.map((p) => p.stdout)).toEqual(first.programs.map((p) => p.stdout));
  });

  it('real time keeps the real clocks', async () => {
    const code = 'import time\nprint(time.time() > 1.7e9, time.monotonic() >= 0)\n';
    const r = await runScenario(
      { hosts: [{ name: 'pc', kind: 'pc' }], programs: [{ name: 'a.py', code, host: 'pc' }] },
      { kernel, time: 'real', epochMs: 0 },
    );
    expect(r.programs[0]?.stdout).toBe('True True\n');
  });
});
