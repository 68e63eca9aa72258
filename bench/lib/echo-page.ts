// The echo measurement's page side (bundled by echo-browser.ts): one kernel on the page's main
// thread, as a lesson's playground has it, driven from the bench through `window.udplabEcho`.
import { createKernel } from '../../site/runtime/python/index.ts';
import type { Kernel } from '../../site/runtime/python/index.ts';
import { measureSimEcho, type EchoOptions } from './echo-sim.ts';
import { pingPongBrowser } from './pingpong.ts';

let kernel: Kernel | null = null;

/** What the page offers the bench (echo-browser.ts calls it through page.evaluate). */
export const udplabEcho = {
  run(options: EchoOptions) {
    kernel ??= createKernel({ poolSize: { cpython: 0, micropython: 0 } });
    return measureSimEcho(kernel, options);
  },
  pingPong(n: number, warm: number) {
    return pingPongBrowser(n, warm);
  },
};

Object.assign(globalThis, { udplabEcho });

declare global {
  /** Set by this module in the echo page; echo-browser.ts calls it through page.evaluate. */
  var udplabEcho: typeof import('./echo-page.ts').udplabEcho;
}
