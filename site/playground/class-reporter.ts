// The class report, loaded only in a tab that joined a class: asks for the learner's display name
// (remembered per class in this browser), says plainly what the teacher will see, and sends each
// Check result — exercise, pass or fail, time; never the program — to the relay over its own session.
// That session opens at the first result, not at page load: a learner who only reads opens none, so
// a learner's tabs do not use up the relay's per-address session limit. Results wait for a name the
// relay accepted (`named`): while a name is refused they are held, with a note, never retried blindly.

import { MAX_NAME_LENGTH, checkDisplayName, isExerciseId } from '../../relay-server/src/protocol/index.ts';
import type { CheckResultDetail } from './class-report.ts';
import { RelayClient, type RelayEvent, type RelayStatus } from './relay-client.ts';
import {
  CLASS_NAME_EVENT,
  NAME_KEY_PREFIX,
  classNameKey,
  defaultRelayUrl,
  sessionResumeStore,
  storedClassName,
  storedRelayToken,
} from './relay-token.ts';
import classReportCss from './class-report.css?inline';

/** Results waiting to be sent or acknowledged; beyond this the oldest is dropped. */
export const MAX_PENDING = 100;
/** After RELAY_ERR_REPORT_RATE, the wait before the result is sent again. */
export const RATE_RETRY_MS = 10_000;
export { NAME_KEY_PREFIX };

const STRINGS = {
  zh: {
    title: '课堂练习报告',
    titleJoined: '课堂：{name}',
    what: '老师会看到：你的名字，以及每个练习是否通过、检查的时间和次数。不会看到你的代码。连上“课堂中继”后，经中继收发的数据报也会以这个名字显示在老师面板上。',
    label: `你在老师面板上显示的名字（1–${MAX_NAME_LENGTH} 个字）`,
    join: '加入',
    joined: '你以“{name}”加入了课堂。',
    rename: '改名',
    'state.connecting': '正在连接老师的中继……',
    'state.open': '已连接：检查结果会发给老师。',
    'state.reconnecting': '与中继断开，正在重连；结果会在连上后发送。',
    'state.failed': '中继拒绝了连接：{error}',
    'state.idle': '',
    badName: '名字不行：{detail}',
    empty: '请填写名字。',
    tooLong: `名字最多 ${MAX_NAME_LENGTH} 个字。`,
    control: '名字里不能有控制字符。',
    invisible: '名字里不能有看不见的字符（方向标记或零宽字符）。',
    refused: '中继没有记录练习“{exercise}”：{message}',
    held: '有 {count} 个检查结果在等待：名字被中继接受后才会发送。',
  },
  en: {
    title: 'Class exercise report',
    titleJoined: 'Class: {name}',
    what: 'Your teacher will see your name and, for each exercise, whether it passed, when you checked it and how many times. Never your code. Once you connect to the Classroom relay, the datagrams it carries for you also show under this name on the teacher’s dashboard.',
    label: `Your name on the teacher's dashboard (1–${MAX_NAME_LENGTH} characters)`,
    join: 'Join',
    joined: 'You joined the class as “{name}”.',
    rename: 'Change name',
    'state.connecting': 'Connecting to the teacher’s relay…',
    'state.open': 'Connected: your Check results go to your teacher.',
    'state.reconnecting': 'Disconnected from the relay, reconnecting; results will be sent then.',
    'state.failed': 'The relay refused the connection: {error}',
    'state.idle': '',
    badName: 'That name cannot be used: {detail}',
    empty: 'Please enter a name.',
    tooLong: `A name has at most ${MAX_NAME_LENGTH} characters.`,
    control: 'A name cannot contain control characters.',
    invisible: 'A name cannot contain invisible characters (direction marks or zero-width characters).',
    refused: 'The relay did not record exercise “{exercise}”: {message}',
    held: '{count} Check result(s) waiting: they are sent once the relay accepts your name.',
  },
} as const;
type Key = keyof (typeof STRINGS)['en'];

/** The relay's errors that this panel can meet, in the page's language (the relay answers in English). */
const ERRORS: Record<string, { zh: string; en: string }> = {
  RELAY_ERR_EXERCISE: {
    zh: '这个练习不是本课程的（中继只接受课程里的练习）',
    en: 'this exercise is not one of the course’s (the relay accepts only those)',
  },
  RELAY_ERR_NAME: {
    zh: `名字须为 1–${MAX_NAME_LENGTH} 个字，不含控制字符`,
    en: `a name has 1 to ${MAX_NAME_LENGTH} characters and no control characters`,
  },
  RELAY_ERR_CLASS_FULL: {
    zh: '老师面板已记满（人数或练习数达到上限，或这台电脑用过的名字太多），请用以前的名字或告诉老师',
    en: 'the teacher’s report is full (learners or exercises at their limit, or too many names from this computer): use your earlier name or tell your teacher',
  },
  RELAY_ERR_REPORT_RATE: {
    zh: '这台电脑发得太快了，稍后会自动再试',
    en: 'too many from this computer at once: it tries again shortly',
  },
  RELAY_ERR_AUTH: {
    zh: '班级口令不对，请向老师要加入链接',
    en: 'wrong class token: ask your teacher for the join link',
  },
  RELAY_ERR_TOO_MANY_SESSIONS: {
    zh: '这台电脑（或全班）连到中继的页面太多，请关掉一些标签页',
    en: 'too many tabs of this computer (or of the class) are connected: close some',
  },
  RELAY_ERR_ENDED: { zh: '老师结束了这个会话', en: 'your teacher ended this session' },
};

/** A relay error in the page's language, the relay's English when this panel does not know it. */
function relayError(code: string | undefined, message: string): string {
  const known = code === undefined ? undefined : ERRORS[code];
  return known ? known[language()] : message;
}

function language(): 'zh' | 'en' {
  return document.documentElement.lang.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

function t(key: Key, vars: Record<string, string> = {}): string {
  return STRINGS[language()][key].replace(/\{(\w+)\}/g, (whole, k: string) => vars[k] ?? whole);
}

function saveName(key: string, name: string): void {
  try {
    localStorage.setItem(key, name);
  } catch {
    // Storage disabled: the name holds for this page only.
  }
  // The playground's relay session tags its datagrams on the teacher's dashboard with it too.
  window.dispatchEvent(new CustomEvent(CLASS_NAME_EVENT, { detail: name }));
}

/** The learner's words for a refused name (the relay's rule, checked here first). */
function nameProblem(value: string): string | null {
  const checked = checkDisplayName(value);
  if (checked.ok) return null;
  if (value.trim() === '') return t('empty');
  if (/characters, at most|longer than/.test(checked.detail)) return t('tooLong');
  if (/control/.test(checked.detail)) return t('control');
  if (/invisible/.test(checked.detail)) return t('invisible');
  return t('badName', { detail: checked.detail });
}

interface Pending {
  id: number;
  exercise: string;
  passed: boolean;
  at: number;
  state: 'queued' | 'sent';
}

/** Starts the report in this tab (once): the panel, and the relay session once there is a name. */
export function startClassReport(): { report(d: CheckResultDetail): void } {
  const token = storedRelayToken() ?? '';
  const url = defaultRelayUrl();
  const key = classNameKey(url, token);
  let name = storedClassName(url, token);
  let client: RelayClient | null = null;
  let nextId = 1;
  let nameRequest = -1;
  /** Whether the relay accepted the name on this session (`named`): results are sent only then. */
  let nameAccepted = false;
  /** Whether the relay refused the current name: results are then held, and said to be. */
  let nameRefused = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let nameRetry: ReturnType<typeof setTimeout> | null = null;
  const pending: Pending[] = [];

  // ---- the panel ----
  // Its styles come with this lazy chunk, as the playground's do (mount.ts).
  const style = document.createElement('style');
  style.dataset['udplab'] = 'class-report';
  style.textContent = classReportCss;
  document.head.append(style);
  const aside = document.createElement('aside');
  aside.className = 'udplab-class';
  aside.dataset['classReport'] = '';
  aside.setAttribute('aria-label', t('title'));
  const details = document.createElement('details');
  const summary = document.createElement('summary');
  const what = document.createElement('p');
  what.textContent = t('what');
  const form = document.createElement('form');
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.id = 'udplab-class-name';
  input.type = 'text';
  input.autocomplete = 'off';
  input.required = true;
  // maxlength counts UTF-16 units; the rule (code points) is checked on submit.
  input.maxLength = MAX_NAME_LENGTH * 2;
  input.dataset['classField'] = 'name';
  label.htmlFor = input.id;
  label.textContent = t('label');
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = t('join');
  const problem = document.createElement('p');
  problem.setAttribute('role', 'alert');
  problem.id = 'udplab-class-name-problem';
  input.setAttribute('aria-describedby', problem.id);
  form.append(label, input, submit, problem);
  const joined = document.createElement('p');
  joined.dataset['classJoined'] = '';
  const joinedText = document.createElement('span');
  const rename = document.createElement('button');
  rename.type = 'button';
  rename.textContent = t('rename');
  joined.append(joinedText, ' ', rename);
  const status = document.createElement('p');
  status.dataset['classStatus'] = '';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  details.append(summary, what, form, joined, status);
  aside.append(details);
  document.body.append(aside);

  function showName(): void {
    summary.textContent = name ? t('titleJoined', { name }) : t('title');
    form.hidden = name !== null;
    joined.hidden = name === null;
    joinedText.textContent = name ? t('joined', { name }) : '';
    aside.dataset['className'] = name ?? '';
  }

  function showStatus(s: RelayStatus): void {
    aside.dataset['classState'] = s.state;
    status.textContent = t(`state.${s.state}`, { error: relayError(s.error?.code, s.error?.message ?? '') });
    if (status.dataset['held'] !== undefined) showHeld(); // the held results stay said
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const why = nameProblem(input.value);
    problem.textContent = why ?? '';
    input.setAttribute('aria-invalid', why ? 'true' : 'false');
    if (why) return;
    const checked = checkDisplayName(input.value);
    if (!checked.ok) return;
    name = checked.name;
    saveName(key, name);
    showName();
    details.open = false;
    // No session for a name alone: it goes with the first result (or now, if one is waiting).
    if (client?.open) sendName();
    else if (pending.length > 0) connect();
  });
  rename.addEventListener('click', () => {
    input.value = name ?? '';
    form.hidden = false;
    joined.hidden = true;
    input.focus();
  });

  // ---- the relay session ----
  function connect(): void {
    if (client) return;
    // Its own slot: a result on the tab's next page continues this session (relay-token.ts).
    client = new RelayClient({ url, token, resumeStore: sessionResumeStore('class-report', url, token) });
    client.onStatus(showStatus);
    client.onEvent(onEvent);
    client.connect();
  }

  function sendName(): void {
    if (!client || name === null) return;
    nameAccepted = false;
    nameRefused = false;
    nameRequest = nextId++;
    client.name(nameRequest, name);
  }

  function flush(): void {
    if (!client?.open || name === null || !nameAccepted) return;
    for (const p of pending) {
      if (p.state !== 'queued') continue;
      if (client.checkResult(p.id, p.exercise, p.passed, p.at)) p.state = 'sent';
    }
  }

  function onEvent(e: RelayEvent): void {
    if (e.type === 'welcome') {
      // A new session: the name first; the unacknowledged results once it is accepted.
      for (const p of pending) p.state = 'queued';
      sendName();
    } else if (e.type === 'named') {
      if (e.id !== nameRequest) return;
      nameAccepted = true;
      if (status.dataset['held'] !== undefined) {
        delete status.dataset['held'];
        status.textContent = '';
      }
      flush();
    } else if (e.type === 'recorded') {
      const i = pending.findIndex((p) => p.id === e.id);
      if (i >= 0) pending.splice(i, 1);
    } else if (e.type === 'error' && e.id !== null) {
      if (e.id === nameRequest) {
        if (e.code === 'RELAY_ERR_REPORT_RATE') {
          nameRetry ??= setTimeout(() => {
            nameRetry = null;
            sendName();
          }, RATE_RETRY_MS);
          return;
        }
        // Refused: results are held (not sent, not retried) until the learner gives a name the relay takes.
        nameRefused = true;
        showHeld();
        problem.textContent = t('badName', { detail: relayError(e.code, e.message) });
        form.hidden = false;
        joined.hidden = true;
        details.open = true;
        return;
      }
      const i = pending.findIndex((p) => p.id === e.id);
      if (i < 0) return;
      const p = pending[i] as Pending;
      if (e.code === 'RELAY_ERR_NO_NAME') {
        // Held until a name is accepted (`named` flushes them), never retried on a timer.
        p.state = 'queued';
        nameAccepted = false;
        showHeld();
        return;
      }
      if (e.code === 'RELAY_ERR_REPORT_RATE') {
        p.state = 'queued';
        retry ??= setTimeout(() => {
          retry = null;
          flush();
        }, RATE_RETRY_MS);
        return;
      }
      pending.splice(i, 1);
      status.textContent = t('refused', { exercise: p.exercise, message: relayError(e.code, e.message) });
    }
  }

  function showHeld(): void {
    const count = pending.filter((p) => p.state === 'queued').length;
    if (count === 0) return;
    status.dataset['held'] = '';
    status.textContent = t('held', { count: String(count) });
  }

  showName();
  details.open = name === null;

  return {
    report(d: CheckResultDetail): void {
      if (!isExerciseId(d.exercise)) return; // the relay would refuse it: nothing to send
      if (pending.length >= MAX_PENDING) pending.shift();
      pending.push({
        id: nextId++,
        exercise: d.exercise,
        passed: d.passed,
        at: Math.round(d.at),
        state: 'queued',
      });
      if (name === null)
        details.open = true; // asks for the name; the result waits for it
      else connect(); // the first result opens the session (once)
      flush();
      if (nameRefused) showHeld();
    },
  };
}
