// The check kinds about one program: its output, its exception, whether it ended, its calls. Pure.

import type { RunResult } from '../runner/index.ts';
import type { CallsCheck, EndedCheck, ExceptionCheck, OutputCheck } from './exercise.ts';
import {
  inRange,
  linesOf,
  outcome,
  programOf,
  rangeText,
  same,
  shownOutput,
  type CheckOutcome,
} from './check-result.ts';

export function judgeOutput(check: OutputCheck, run: RunResult): CheckOutcome {
  const p = programOf(run, check.program);
  const text = check.stream === 'stderr' ? p.stderr : p.stdout;
  const lines = linesOf(text);
  const actual = shownOutput(text);
  if (check.exact !== undefined) {
    const want = [...check.exact];
    const ok = lines.length === want.length && lines.every((l, i) => l === want[i]);
    const shown = want.join('\n');
    return outcome(ok, { zh: `输出正好是：\n${shown}`, en: `the output is exactly:\n${shown}` }, actual);
  }
  if (check.inOrder !== undefined) {
    let at = 0;
    for (const line of lines)
      if (at < check.inOrder.length && new RegExp(check.inOrder[at] as string, 'u').test(line)) at++;
    const shown = check.inOrder.map((r) => `/${r}/`).join(' → ');
    return outcome(
      at === check.inOrder.length,
      { zh: `依次有这些行：${shown}`, en: `lines in this order: ${shown}` },
      at === check.inOrder.length
        ? actual
        : {
            zh: `${actual.zh}\n（缺少 /${check.inOrder[at]}/ 这一行）`,
            en: `${actual.en}\n(no line matching /${check.inOrder[at]}/)`,
          },
    );
  }
  if (check.regex !== undefined) {
    const re = new RegExp(check.regex, 'u');
    const n = lines.filter((l) => re.test(l)).length;
    const r = rangeText(check);
    return outcome(
      inRange(n, check),
      { zh: `${r.zh} 行匹配 /${check.regex}/`, en: `${r.en} line(s) matching /${check.regex}/` },
      { zh: `${n} 行匹配；输出：\n${actual.zh}`, en: `${n} matching; output:\n${actual.en}` },
    );
  }
  const needle = check.contains ?? '';
  const n = text.split(needle).length - 1;
  const none = check.max === 0;
  return outcome(
    inRange(n, check),
    none
      ? { zh: `输出里没有 “${needle}”`, en: `the output does not contain "${needle}"` }
      : { zh: `输出里有 “${needle}”`, en: `the output contains "${needle}"` },
    actual,
  );
}

export function judgeException(check: ExceptionCheck, run: RunResult): CheckOutcome {
  const p = programOf(run, check.program);
  const stopped = p.exception === 'KeyboardInterrupt' && p.interrupted;
  const got = stopped ? null : p.exception;
  const actual = got === null ? { zh: '没有未捕获的异常', en: 'no uncaught exception' } : same(got);
  if (check.is === null)
    return outcome(got === null, { zh: '没有未捕获的异常', en: 'no uncaught exception' }, actual);
  return outcome(got === check.is, same(check.is), actual);
}

export function judgeEnded(check: EndedCheck, run: RunResult): CheckOutcome {
  const p = programOf(run, check.program);
  const ended = p.started && !p.interrupted && p.exitCode !== null;
  const want = check.value ?? true;
  const text = (yes: boolean) =>
    yes
      ? { zh: '程序自己结束了', en: 'the program ended by itself' }
      : { zh: '时间用完时程序还在运行', en: 'the program was still running when the time ran out' };
  return outcome(ended === want, text(want), text(ended));
}

/** The syscall each `call` name counts. */
const CALL_OPS: Record<string, string> = {
  sendto: 'socket.sendto',
  recvfrom: 'socket.recvfrom',
  bind: 'socket.bind',
  socket: 'socket.socket',
  setsockopt: 'socket.setsockopt',
  select: 'select',
  sleep: 'time.sleep',
  input: 'stdin.readline',
};

export function judgeCalls(check: CallsCheck, run: RunResult): CheckOutcome {
  const p = programOf(run, check.program);
  const op = CALL_OPS[check.call];
  const n = check.call === 'timeout' ? p.timedWaits : (p.calls[op ?? ''] ?? 0);
  const r = rangeText(check);
  const what =
    check.call === 'timeout'
      ? {
          zh: '次带超时的等待（settimeout 之后的 recvfrom）',
          en: 'wait(s) with a timeout (recvfrom after settimeout)',
        }
      : { zh: `次 ${check.call}() 调用`, en: `${check.call}() call(s)` };
  return outcome(
    inRange(n, check),
    { zh: `${r.zh} ${what.zh}`, en: `${r.en} ${what.en}` },
    { zh: `${n} ${what.zh}`, en: `${n} ${what.en}` },
  );
}
