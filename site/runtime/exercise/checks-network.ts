// The check kinds about the network and the board: datagrams on the wire, and what the OLED
// shows (compared with DispChar's own rendering of the expected text). Pure.

import type { DatagramResult, RunResult } from '../runner/index.ts';
import { renderLine } from '../board/index.ts';
import { OLED_WIDTH } from '../board/index.ts';
import type { GlyphSource } from '../board/index.ts';
import type { DatagramsCheck, OledCheck } from './exercise.ts';
import { hexText, inRange, outcome, rangeText, type CheckOutcome } from './check-result.ts';

/** Whether datagram `d` left from / went to `where`: a host name, 'ip' or 'ip:port'. */
function endpointMatches(run: RunResult, d: DatagramResult, where: string, side: 'src' | 'dst'): boolean {
  const addr = d[side];
  if (where.includes('.')) return where.includes(':') ? addr === where : addr.split(':')[0] === where;
  if (side === 'src') return d.from === where;
  const ip = addr.split(':')[0] as string;
  const host = run.hosts.find((h) => h.name === where);
  return (host?.addresses.includes(ip) ?? false) || (ip.startsWith('127.') && d.from === where);
}

/** The datagrams a check's filters select, in send order. */
export function selectDatagrams(check: DatagramsCheck, run: RunResult): DatagramResult[] {
  return run.datagrams.filter(
    (d) =>
      (check.from === undefined || endpointMatches(run, d, check.from, 'src')) &&
      (check.to === undefined || endpointMatches(run, d, check.to, 'dst')) &&
      (check.fates === undefined || check.fates.includes(d.fate)) &&
      (check.minSize === undefined || d.size >= check.minSize) &&
      (check.maxSize === undefined || d.size <= check.maxSize) &&
      (check.srcPort === undefined || d.src.endsWith(`:${check.srcPort}`)),
  );
}

export function judgeDatagrams(check: DatagramsCheck, run: RunResult): CheckOutcome {
  const picked = selectDatagrams(check, run);
  const r = rangeText(check);
  const n = picked.length;
  const countOk = inRange(n, check);
  const texts = picked.map((d) => hexText(d.payload));
  const list = texts.map((t) => JSON.stringify(t)).join(', ');
  if (check.payloads !== undefined) {
    const want = check.payloads;
    const ok = countOk && texts.length === want.length && texts.every((t, i) => t === want[i]);
    const shown = want.map((t) => JSON.stringify(t)).join(', ');
    return outcome(
      ok,
      { zh: `依次收到这些数据报：${shown}`, en: `these datagrams, in order: ${shown}` },
      { zh: n ? `${n} 个：${list}` : '一个也没有', en: n ? `${n}: ${list}` : 'none' },
    );
  }
  if (check.payloadRegex !== undefined) {
    const re = new RegExp(check.payloadRegex, 'u');
    const bad = texts.find((t) => !re.test(t));
    return outcome(
      countOk && bad === undefined,
      {
        zh: `${r.zh} 个数据报，内容都匹配 /${check.payloadRegex}/`,
        en: `${r.en} datagram(s), each matching /${check.payloadRegex}/`,
      },
      bad === undefined
        ? { zh: `${n} 个：${list}`, en: `${n}: ${list}` }
        : {
            zh: `${n} 个，其中 ${JSON.stringify(bad)} 不匹配`,
            en: `${n}, and ${JSON.stringify(bad)} does not match`,
          },
    );
  }
  const sizes = picked
    .slice(0, 12)
    .map((d) => `${d.src} → ${d.dst} ${d.size} B ${d.fate}`)
    .join('\n');
  return outcome(
    countOk,
    { zh: `${r.zh} 个这样的数据报`, en: `${r.en} such datagram(s)` },
    { zh: `${n} 个${n ? '：\n' + sizes : ''}`, en: `${n}${n ? ':\n' + sizes : ''}` },
  );
}

/** The lit columns of rows [y0, y0 + 16) as strings, blank columns at both ends cut off. */
function band(rows: readonly string[]): string[] {
  let first = OLED_WIDTH;
  let last = -1;
  for (const row of rows)
    for (let x = 0; x < row.length; x++)
      if (row[x] === '#') {
        first = Math.min(first, x);
        last = Math.max(last, x);
      }
  return last < 0 ? rows.map(() => '') : rows.map((row) => row.slice(first, last + 1));
}

/**
 * The OLED's line `check.line` (16 px high) against DispChar's rendering of `check.text`, both cut
 * to their lit columns: the text must be drawn with the board's font, at any x, nothing else there.
 */
export async function judgeOled(
  check: OledCheck,
  run: RunResult,
  glyphs: GlyphSource | undefined,
): Promise<CheckOutcome> {
  const expected = {
    zh: `第 ${check.line} 行显示 “${check.text}”`,
    en: `line ${check.line} shows "${check.text}"`,
  };
  const board = run.boards.find((b) => b.host === check.host);
  if (board === undefined || glyphs === undefined)
    return outcome(false, expected, { zh: '没有这块板的屏幕', en: 'no screen for this board' });
  const y0 = (check.line - 1) * 16;
  const shown = band(board.oled.split('\n').slice(y0, y0 + 16));
  await glyphs.ensure(check.text);
  const want = renderLine(glyphs, check.text);
  const rows: string[] = [];
  for (let y = 0; y < 16; y++) {
    let row = '';
    for (let x = 0; x < OLED_WIDTH; x++) row += want[y * OLED_WIDTH + x] ? '#' : '.';
    rows.push(row);
  }
  const ok = band(rows).every((row, i) => row === shown[i]);
  const blank = shown.every((r) => r === '');
  const art = shown.join('\n');
  const actual = blank
    ? { zh: `第 ${check.line} 行是空的`, en: `line ${check.line} is blank` }
    : ok
      ? expected
      : {
          zh: `第 ${check.line} 行显示的是别的：\n${art}`,
          en: `line ${check.line} shows something else:\n${art}`,
        };
  return outcome(ok, expected, actual);
}
