// Golden transcripts of the lessons' scenarios: runs one through the headless runner (real
// MicroPython and Pyodide, virtual time) and renders everything a learner would see as text.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatagramRecord } from '../../site/runtime/netsim/index.ts';
import { SegmentNumbering, segmentInfo } from '../../site/runtime/netsim/index.ts';
import type { Kernel } from '../../site/runtime/python/index.ts';
import { runScenario } from '../../site/runtime/runner/node.ts';
import type { RunResult } from '../../site/runtime/runner/index.ts';
import { validateScenario } from '../../site/runtime/scenario/index.ts';

export const SCENARIO_DIR = fileURLToPath(new URL('../../content/scenarios/', import.meta.url));
export const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));

/** Set UPDATE_GOLDEN=1 to (re)write the golden files instead of comparing. */
export const UPDATING = process.env.UPDATE_GOLDEN === '1';

const endpoint = (addr: string): [string, number] => {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
};

/**
 * The transcript: each program's terminal, the datagrams, and every OLED that showed something. A
 * TCP segment's row ends with the packet list's Info line (relative Seq/Ack, as the page shows
 * them) and "[retransmission]" when it is one; UDP rows are unchanged.
 */
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
  const numbering = new SegmentNumbering();
  for (const d of result.datagrams) {
    let segment = '';
    if (d.tcp) {
      const rec = { src: endpoint(d.src), dst: endpoint(d.dst), tcp: d.tcp } as unknown as DatagramRecord;
      const n = numbering.of(rec);
      if (n) segment = `  tcp ${segmentInfo(n)}${n.retransmit ? ' [retransmission]' : ''}`;
    }
    out.push(
      `${String(d.t).padStart(6)}  ${d.src} -> ${d.dst}  ${d.size}  ${d.fate}${d.copy ? ' (copy)' : ''}${segment}`,
    );
  }
  for (const b of result.boards) {
    if (!b.oledUsed) continue;
    out.push('', `== OLED of ${b.host} (128x64, # lit)`, b.oled);
  }
  return out.join('\n') + '\n';
}

/**
 * Runs content/scenarios/<name>.json on virtual time and returns its transcript; `loss` adds that
 * loss to every LAN, as `npx udp-lab run --loss` does (the golden is then `<name>-loss<percent>`);
 * `windowsLanguage` is the language of a Windows PC's error texts (`--lang`).
 */
export async function transcriptOf(
  name: string,
  kernel?: Kernel,
  overrides: { loss?: number; windowsLanguage?: 'zh' | 'en' } = {},
): Promise<string> {
  const path = join(SCENARIO_DIR, `${name}.json`);
  const scenario = validateScenario(JSON.parse(readFileSync(path, 'utf8')), path);
  const result = await runScenario(scenario, {
    baseDir: SCENARIO_DIR,
    time: 'virtual',
    ...(kernel ? { kernel } : {}),
    ...(overrides.windowsLanguage ? { windowsLanguage: overrides.windowsLanguage } : {}),
    ...(overrides.loss !== undefined ? { loss: overrides.loss } : {}),
  });
  const label = overrides.loss !== undefined ? `${name}-loss${Math.round(overrides.loss * 100)}` : name;
  return renderTranscript(label, result);
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
