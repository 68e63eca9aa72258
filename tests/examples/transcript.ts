// Golden transcripts of the lessons' scenarios: runs one through the headless runner (real
// MicroPython and Pyodide, virtual time) and renders everything a learner would see as text.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../site/runtime/python/types.ts';
import { runScenario } from '../../site/runtime/runner/run-node.ts';
import type { RunResult } from '../../site/runtime/runner/run-scenario.ts';
import { validateScenario } from '../../site/runtime/scenario/validate.ts';

export const SCENARIO_DIR = fileURLToPath(new URL('../../content/scenarios/', import.meta.url));
export const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));

/** Set UPDATE_GOLDEN=1 to (re)write the golden files instead of comparing. */
export const UPDATING = process.env.UPDATE_GOLDEN === '1';

/** The transcript: each program's terminal, the datagrams, and every OLED that showed something. */
export function renderTranscript(name: string, result: RunResult): string {
  const out: string[] = [
    `# scenario ${name}: virtual time, ${result.timedOut ? 'ended by its timeout' : 'all programs ended'} at ${result.durationMs} ms`,
  ];
  for (const p of result.programs) {
    const how = p.started
      ? `exit ${p.exitCode}${p.exception ? ` (${p.exception})` : ''}${p.interrupted ? ', interrupted by the timeout' : ''}`
      : 'never started';
    out.push('', `== ${p.name} on ${p.host} (${p.runtime}): ${how}`);
    out.push(p.stdout.replace(/\r\n/g, '\n').replace(/\n$/, ''));
    if (p.stderr !== '') out.push('-- stderr', p.stderr.replace(/\n$/, ''));
  }
  out.push('', '== datagrams (t ms, source -> destination, bytes, fate)');
  for (const d of result.datagrams)
    out.push(
      `${String(d.t).padStart(6)}  ${d.src} -> ${d.dst}  ${d.size}  ${d.fate}${d.copy ? ' (copy)' : ''}`,
    );
  for (const b of result.boards) {
    if (!b.oledUsed) continue;
    out.push('', `== OLED of ${b.host} (128x64, # lit)`, b.oled);
  }
  return out.join('\n') + '\n';
}

/** Runs content/scenarios/<name>.json on virtual time and returns its transcript. */
export async function transcriptOf(name: string, kernel?: Kernel): Promise<string> {
  const path = join(SCENARIO_DIR, `${name}.json`);
  const scenario = validateScenario(JSON.parse(readFileSync(path, 'utf8')), path);
  const result = await runScenario(scenario, {
    baseDir: SCENARIO_DIR,
    time: 'virtual',
    ...(kernel ? { kernel } : {}),
  });
  return renderTranscript(name, result);
}

/** The golden text for a scenario (writing it first when UPDATING). */
export function golden(name: string, actual: string): string {
  const file = join(GOLDEN_DIR, `${name}.txt`);
  if (UPDATING) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file))
    throw new Error(
      `no golden transcript ${file}; review the output, then run with UPDATE_GOLDEN=1 to write it`,
    );
  return readFileSync(file, 'utf8');
}
