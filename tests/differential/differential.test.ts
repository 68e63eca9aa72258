// The differential suite: each program in programs/ was run on the real CPython 3.11 on Linux
// (loopback) by record.py, its output kept in recorded/; here it runs through the headless runner
// on a simulated PC and must print exactly the same (README.md).

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeKernel, runScenario } from '../../site/runtime/runner/node.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PROGRAMS = `${HERE}programs/`;
const RECORDED = `${HERE}recorded/`;
const NAMES = readdirSync(PROGRAMS)
  .filter((f) => f.endsWith('.py'))
  .map((f) => f.slice(0, -3))
  .sort();

/** Python 3.13+ underlines more of a traceback line (`~~~^^^`) than 3.11: compare without them. */
const withoutCarets = (text: string): string => text.replace(/^ *[~^]+ *\n/gm, '');

/** The recording's format, without its header line. */
const render = (exit: number | null, stdout: string, stderr: string): string =>
  withoutCarets(`== exit ${exit}\n== stdout\n${stdout}== stderr\n${stderr}`);

const kernel = await createNodeKernel();
afterAll(() => kernel.dispose());

describe('PC programs print what CPython 3.11 on Linux printed', () => {
  it.each(NAMES)('%s', async (name) => {
    const recorded = readFileSync(`${RECORDED}${name}.txt`, 'utf8');
    const expected = withoutCarets(recorded.slice(recorded.indexOf('\n') + 1));
    const result = await runScenario(
      {
        timeout: 20,
        lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
        hosts: [{ name: 'pc', kind: 'pc', ip: '192.168.0.3' }],
        programs: [{ file: `${name}.py`, host: 'pc' }],
      },
      { baseDir: PROGRAMS, time: 'virtual', kernel },
    );
    const [p] = result.programs;
    expect(render(p!.exitCode, p!.stdout, p!.stderr)).toBe(expected);
  });
});
