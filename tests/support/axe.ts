// axe-core in a browser test's page: injects it and lists what it finds, one line per violation
// (`impact id: targets`), so a test asserts `toEqual([])` and a failure names what to fix.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** What axe looks at: a CSS selector, axe's `{ include: [[selector], …] }`, or (left out) the whole document. */
export type AxeContext = string | { include: string[][] };

export interface AxeOptions {
  /** Only `serious` and `critical` violations count (default: every violation). */
  seriousOnly?: boolean;
}

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/**
 * Runs axe on `page` and returns its violations as lines. axe is evaluated through the debugger
 * rather than added as a `<script>`, so it runs on pages whose CSP forbids inline scripts too (the
 * relay's dashboard).
 */
export async function axeViolations(
  page: Page,
  context?: AxeContext,
  { seriousOnly = false }: AxeOptions = {},
): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (ctx) => {
    const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResult> } }).axe;
    const result = await axe.run(ctx ?? document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      targets: v.nodes.map((n) => n.target.join(' ')).join(', '),
    }));
  }, context ?? null);
  return violations
    .filter((v) => !seriousOnly || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets}`);
}
