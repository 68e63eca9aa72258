// The anchor for the browser's Run → first output: the same Python runtime (same kernel, shims and
// interpreters) in Node worker_threads, measured in the same run, so the ratio says what the page adds.
import { createNetwork } from '../../site/runtime/netsim/index.ts';
import { RealClock, createKernel } from '../../site/runtime/python/index.ts';

/**
 * Pre-warms `runtime` in a fresh kernel, then runs `print(...)` `runs` times, each after the pool's
 * replacement worker is ready, timing startProgram → first stdout.
 */
export async function nodeFirstOutput(
  runtime: 'cpython' | 'micropython',
  runs: number,
): Promise<{ readyMs: number; firstOutputMs: number[] }> {
  const clock = new RealClock();
  const network = createNetwork({ seed: 1, clock });
  network.addLan('lan', '192.168.0.0/24');
  const host = network.addHost({ name: 'bench', profile: runtime === 'micropython' ? 'lwip' : 'linux' });
  host.attach('lan');
  const kernel = createKernel();
  try {
    const t0 = performance.now();
    await kernel.prewarm(runtime);
    const readyMs = performance.now() - t0;
    const firstOutputMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      await kernel.prewarm(runtime); // the replacement worker is ready, as in the page's warm runs
      const started = performance.now();
      let first: number | null = null;
      const proc = kernel.startProgram({
        runtime,
        filename: 'bench.py',
        code: 'print("first output")',
        host,
        network,
        onStdout: () => {
          first ??= performance.now() - started;
        },
        onStderr: () => undefined,
      });
      await proc.exited;
      if (first === null) throw new Error(`${runtime} in Node printed nothing`);
      firstOutputMs.push(first);
    }
    return { readyMs, firstOutputMs };
  } finally {
    await kernel.dispose();
    clock.dispose();
  }
}
