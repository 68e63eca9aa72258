// Renders benchmark figures into bench/RESULTS.md: one table per suite, value next to its anchor.

/**
 * @typedef {object} Figure
 * @property {string} figure What was measured.
 * @property {number} value The measured value.
 * @property {string} unit Unit of value and anchor.
 * @property {string} [anchor] What the value is compared with, measured in the same run.
 * @property {number} [anchorValue]
 * @property {'higher' | 'lower'} [better] Which direction is better (for the ratio's reading).
 * @property {string} [budget] The budget in words, e.g. "≥ 1.0 × CPython".
 * @property {boolean} [pass] Whether the budget is met (undefined: report only).
 * @property {string} [how] How it was measured, in one line.
 * @property {string} [note] What limits it, with evidence, where a budget is missed.
 */
/** @typedef {{ name: string; title: string; figures: Figure[]; error: string | null; seconds?: number }} SuiteResult */

const fmt = (n) =>
  typeof n !== 'number' || Number.isNaN(n)
    ? '—'
    : Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : Number(n.toPrecision(3)).toString();

/** Everything from this line on in RESULTS.md is hand-written (A/B studies) and kept by `npm run bench`. */
export const STUDIES_MARKER = '<!-- studies: written by hand, kept by npm run bench -->';

/**
 * @param {Record<string, unknown>} machine
 * @param {SuiteResult[]} results
 */
export function renderResults(machine, results) {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench`; do not edit by hand. Ratios compare figures measured in the same run',
    'on the same machine, because this machine is shared and absolute timings drift.',
    '',
    `- date: ${machine.date}${machine.quick ? ' (quick run: short measurements, figures are indicative only)' : ''}`,
    `- machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB`,
    `- Node ${machine.node}; ${machine.chromium}`,
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.title}`, '');
    if (r.seconds !== undefined) lines.push(`Suite \`${r.name}\`, ${r.seconds.toFixed(0)} s.`, '');
    if (r.error) {
      lines.push(
        'The suite failed to run:',
        '',
        '```',
        r.error.split('\n').slice(0, 8).join('\n'),
        '```',
        '',
      );
      continue;
    }
    lines.push(
      '| figure | value | anchor (same run) | ratio | budget | met |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const f of r.figures) {
      const anchor = f.anchor ? `${f.anchor}: ${fmt(f.anchorValue)} ${f.unit}` : '—';
      const ratio = f.anchorValue ? `${fmt(f.value / f.anchorValue)} ×` : '—';
      const met = f.pass === undefined ? 'report' : f.pass ? 'yes' : '**no**';
      lines.push(
        `| ${f.figure} | ${fmt(f.value)} ${f.unit} | ${anchor} | ${ratio} | ${f.budget ?? '—'} | ${met} |`,
      );
    }
    const notes = r.figures.filter((f) => f.how || f.note);
    if (notes.length) {
      lines.push('');
      for (const f of notes) {
        lines.push(`- **${f.figure}**: ${[f.how, f.note].filter(Boolean).join(' ')}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}
