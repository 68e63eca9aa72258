// Renders benchmark figures into bench/RESULTS.md: one table per suite, value next to its anchor.

/** One measured figure of a suite: a row of its table in RESULTS.md. */
export interface Figure {
  /** What was measured. */
  figure: string;
  /** The measured value. */
  value: number;
  /** Unit of value and anchor. */
  unit: string;
  /** What the value is compared with, measured in the same run. */
  anchor?: string | undefined;
  anchorValue?: number | undefined;
  /** Which direction is better (for the ratio's reading). */
  better?: 'higher' | 'lower' | undefined;
  /** The budget in words, e.g. "≥ 1.0 × CPython". */
  budget?: string | undefined;
  /** Whether the budget is met (undefined: report only). */
  pass?: boolean | undefined;
  /** How it was measured, in one line. */
  how?: string | undefined;
  /** What limits it, with evidence, where a budget is missed. */
  note?: string | undefined;
}

/** What a suite's file exports by default: `run` measures and returns the suite's figures. */
export interface Suite {
  /** The suite's name: its file's name without `.ts`. */
  name: string;
  /** The heading of its section in RESULTS.md. */
  title: string;
  /** `quick`: a short version that proves the suite still works (CI); figures are indicative only. */
  run(options: { quick: boolean }): Promise<Figure[]>;
}

export interface SuiteResult {
  name: string;
  title: string;
  figures: Figure[];
  error: string | null;
  seconds?: number;
}

/** The machine and run a RESULTS.md describes. */
export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  quick: boolean;
}

const fmt = (n: number | undefined) =>
  typeof n !== 'number' || Number.isNaN(n)
    ? '—'
    : Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : Number(n.toPrecision(3)).toString();

/** Everything from this line on in RESULTS.md is hand-written (A/B studies) and kept by `npm run bench`. */
export const STUDIES_MARKER = '<!-- studies: written by hand, kept by npm run bench -->';

export function renderResults(machine: Machine, results: SuiteResult[]): string {
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
