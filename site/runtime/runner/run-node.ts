// The Node API of the headless runner: executeScenario with everything Node supplies filled in — the
// Python kernel on worker_threads, program files read from disk, the board shims and the font.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Kernel, KernelOptions } from '../python/index.ts';
import { loadNodeGlyphs } from '../board/node.ts';
import { readBoardModules } from './board-modules.ts';
import { executeScenario, type RunOptions, type RunResult } from './run-scenario.ts';
import type { Scenario } from '../scenario/index.ts';
import { validateScenario } from '../scenario/index.ts';

/** Options of {@link runScenario}: executeScenario's, minus what Node provides. */
export interface NodeRunOptions extends Omit<RunOptions, 'kernel' | 'readFile' | 'boardModules' | 'glyphs'> {
  /** Directory the scenario's `file` paths are relative to. Default: the current directory. */
  baseDir?: string;
  /** A kernel to reuse (tests share one across runs); default: a new one, disposed after the run. */
  kernel?: Kernel;
}

/** Creates the Python runtime's kernel for Node (worker_threads). */
export async function createNodeKernel(options?: KernelOptions): Promise<Kernel> {
  const mod = (await import('../python/index.ts' as string)) as {
    createKernel?: (options?: KernelOptions) => Kernel;
  };
  if (typeof mod.createKernel !== 'function') {
    throw new Error(
      'RUNNER_ERR_NO_RUNTIME: site/runtime/python/index.ts does not export createKernel(); the Python runtime is missing',
    );
  }
  return mod.createKernel(options);
}

/**
 * Runs a scenario in Node. Validates it first (so a hand-built object gets the same clear errors
 * as a file), reads its program files relative to `baseDir`, and loads the OLED font only when a
 * board is in the scenario.
 */
export async function runScenario(scenario: Scenario, options: NodeRunOptions = {}): Promise<RunResult> {
  const checked = validateScenario(scenario);
  const { baseDir = process.cwd(), kernel: given, ...rest } = options;
  const kernel = given ?? (await createNodeKernel());
  const hasBoard = checked.hosts.some((h) => h.kind === 'board');
  try {
    return await executeScenario(checked, {
      ...rest,
      kernel,
      readFile: (path) => readFileSync(resolve(baseDir, path), 'utf8'),
      boardModules: hasBoard ? readBoardModules() : {},
      ...(hasBoard ? { glyphs: loadNodeGlyphs() } : {}),
    });
  } finally {
    if (given === undefined) await kernel.dispose();
  }
}
