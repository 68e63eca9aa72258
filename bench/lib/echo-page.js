// The echo measurement's page side (bundled by echo-browser.js): one kernel on the page's main
// thread, as a lesson's playground has it, driven from the bench through `window.udplabEcho`.
import { createKernel } from '../../site/runtime/python/index.ts';
import { measureSimEcho } from './echo-sim.js';
import { pingPongBrowser } from './pingpong.js';

/** @type {import('../../site/runtime/python/types.ts').Kernel | null} */
let kernel = null;

Object.assign(globalThis, {
  udplabEcho: {
    /** @param {{ runtime: 'cpython' | 'micropython', server: string, client: string, seconds: number }} options */
    run(options) {
      kernel ??= createKernel({ poolSize: { cpython: 0, micropython: 0 } });
      return measureSimEcho(kernel, options);
    },
    /** @param {number} n @param {number} warm */
    pingPong(n, warm) {
      return pingPongBrowser(n, warm);
    },
  },
});
