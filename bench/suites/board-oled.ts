// The 掌控板's OLED as a board program draws it: what one frame costs (clear, two lines of
// DispChar, show()) in a MicroPython worker on real time, how many syscalls a frame makes, and
// what crosses to the kernel per show(). Anchor: the same loop without show(), measured in the same
// run, so the difference is what showing a frame costs.
import type { Kernel } from '../../site/runtime/python/index.ts';
import { createNodeKernel, runScenario } from '../../site/runtime/runner/node.ts';
import type { Scenario } from '../../site/runtime/scenario/index.ts';
import type { Suite } from '../lib/results.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** A board program that draws `frames` frames, calling show() after each one when `show`. */
function program(frames: number, show: boolean): string {
  return [
    'from mpython import *',
    "oled.DispChar('0123456789.: 收到', 0, 0)", // every glyph the frames use, loaded before timing
    'oled.show()',
    "print('go')",
    `for i in range(${frames}):`,
    '    oled.fill(0)',
    "    oled.DispChar('192.168.0.2:6000', 0, 0)",
    "    oled.DispChar('收到 %d' % i, 0, 16)",
    show ? '    oled.show()' : '    pass',
    "print('done')",
    '',
  ].join('\n');
}

/** Runs the program once; returns ms per frame between its 'go' and 'done' lines, and its calls. */
async function frameCost(kernel: Kernel, frames: number, show: boolean) {
  const scenario: Scenario = {
    title: 'board-oled bench',
    timeout: 120,
    lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
    hosts: [{ name: 'board', kind: 'board', ip: '192.168.0.2' }],
    programs: [{ name: 'frames.py', code: program(frames, show), host: 'board' }],
  };
  let out = '';
  let go = NaN;
  let done = NaN;
  const result = await runScenario(scenario, {
    kernel,
    time: 'real',
    onOutput: (e) => {
      out += e.text;
      if (Number.isNaN(go) && out.includes('go\n')) go = performance.now();
      if (Number.isNaN(done) && out.includes('done\n')) done = performance.now();
    },
  });
  const run = result.programs[0];
  if (!run || run.exception !== null || Number.isNaN(done))
    throw new Error(`the frame program failed: ${out}${run?.stderr ?? ''}`);
  return { msPerFrame: (done - go) / Math.max(1, frames), calls: run.calls };
}

export default {
  name: 'board-oled',
  title: "The 掌控板's OLED: one frame (fill, two DispChar lines, show()) in a MicroPython worker",
  async run({ quick }) {
    const frames = quick ? 100 : 300;
    const rounds = quick ? 1 : 5;
    const kernel = await createNodeKernel();
    const withShow: number[] = [];
    const drawOnly: number[] = [];
    let calls: Record<string, number> = {};
    let startCalls: Record<string, number> = {};
    try {
      startCalls = (await frameCost(kernel, 0, true)).calls; // start-up only: import, glyphs, first show
      for (let i = 0; i < rounds; i++) {
        const shown = await frameCost(kernel, frames, true);
        withShow.push(shown.msPerFrame);
        calls = shown.calls;
        drawOnly.push((await frameCost(kernel, frames, false)).msPerFrame);
      }
    } finally {
      await kernel.dispose();
    }
    const sum = (c: Record<string, number>) => Object.values(c).reduce((n, k) => n + k, 0);
    const how = `median of ${rounds} runs of ${frames} frames, wall time between the program's own 'go' and 'done' lines (Node, worker thread, real time)`;
    return [
      {
        figure: 'one frame: fill(0), DispChar × 2, show()',
        value: median(withShow),
        unit: 'ms',
        anchor: 'the same frame without show()',
        anchorValue: median(drawOnly),
        better: 'lower',
        how,
      },
      {
        figure: 'syscalls per frame (fill, DispChar × 2, show)',
        value: (sum(calls) - sum(startCalls)) / frames,
        unit: 'calls',
        better: 'lower',
        how: `the run's call counts (${Object.entries(calls)
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')}) less those of the same program with 0 frames, over ${frames} frames`,
      },
    ];
  },
} satisfies Suite;
