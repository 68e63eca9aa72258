// @ts-check
// The dashboard page's script: polls /admin/api/sessions and /admin/api/results with the admin token,
// in Chinese or English.

/** @type {Record<'zh-CN' | 'en', Record<string, string>>} */
const STRINGS = {
  'zh-CN': {
    title: 'UDP Lab 中继 · 教师面板',
    tokenLabel: '管理令牌',
    tokenHelp: '令牌显示在启动中继的终端里。',
    connect: '连接',
    summary: '总览',
    sessions: '在线会话',
    colSession: '会话',
    colClient: '客户端地址',
    colSockets: '套接字与映射端口',
    colPps: '包/秒（发/收）',
    colBps: '字节/秒（发/收）',
    colDrops: '丢弃',
    colDenials: '拒绝',
    colActions: '操作',
    end: '结束会话',
    endLabel: '结束会话 {id}',
    confirmEnd: '确定结束会话 {id}？该学生的所有套接字都会关闭。',
    ended: '会话 {id} 已结束。',
    noSessions: '暂无在线会话。',
    badToken: '管理令牌错误，请重新输入。',
    backoff: '这台电脑输错管理令牌的次数太多，请等 {s} 秒后再试。',
    offline: '无法连接中继，正在重试……',
    updated: '已更新 {time}',
    relayAddress: '中继地址',
    liveSessions: '会话数',
    liveSockets: '套接字数',
    ppsOut: '发送 包/秒',
    ppsIn: '接收 包/秒',
    drops: '丢弃总数',
    denials: '拒绝总数',
    socket: '套接字 {id}：端口 {port} → {relay}{implicit}',
    implicit: '（隐式绑定）',
    notAuthed: '（未认证）',
    switchTo: 'English',
    report: '练习进度',
    csv: '下载 CSV',
    reportHelp:
      '学生用加入链接进入课堂后，每次点“检查”的结果（通过或未通过、时间）会出现在这里；不会传来学生的代码。',
    legend: '✓ 通过　✗ 未通过　– 未尝试；悬停查看最近一次的时间和尝试次数。',
    colName: '学生',
    noLearners: '还没有学生报告结果。',
    offlineLearner: '（离线）',
    cellPass: '{name} · {exercise}：通过，{time}，{passes}/{attempts} 次通过',
    cellFail: '{name} · {exercise}：未通过，{time}，{passes}/{attempts} 次通过',
    cellNone: '{name} · {exercise}：未尝试',
    csvFailed: '下载失败，请重试。',
  },
  en: {
    title: 'UDP Lab relay · Instructor dashboard',
    tokenLabel: 'Admin token',
    tokenHelp: 'The token is printed in the terminal that started the relay.',
    connect: 'Connect',
    summary: 'Overview',
    sessions: 'Live sessions',
    colSession: 'Session',
    colClient: 'Client address',
    colSockets: 'Sockets and mapped ports',
    colPps: 'Packets/s (out/in)',
    colBps: 'Bytes/s (out/in)',
    colDrops: 'Drops',
    colDenials: 'Denials',
    colActions: 'Actions',
    end: 'End session',
    endLabel: 'End session {id}',
    confirmEnd: 'End session {id}? All of this learner’s sockets will be closed.',
    ended: 'Session {id} ended.',
    noSessions: 'No live sessions.',
    badToken: 'Wrong admin token, please enter it again.',
    backoff: 'Too many wrong admin tokens from this computer: wait {s} s, then try again.',
    offline: 'Cannot reach the relay, retrying…',
    updated: 'Updated {time}',
    relayAddress: 'Relay address',
    liveSessions: 'Sessions',
    liveSockets: 'Sockets',
    ppsOut: 'Packets/s out',
    ppsIn: 'Packets/s in',
    drops: 'Drops',
    denials: 'Denials',
    socket: 'socket {id}: port {port} → {relay}{implicit}',
    implicit: ' (implicit bind)',
    notAuthed: ' (not authenticated)',
    switchTo: '中文',
    report: 'Exercise progress',
    csv: 'Download CSV',
    reportHelp:
      'When learners join the class through the join link, the result of each Check (pass or fail, and when) appears here; their code is never sent.',
    legend: '✓ passed   ✗ failed   – not tried; hover for the latest time and the attempts.',
    colName: 'Learner',
    noLearners: 'No learner has reported a result yet.',
    offlineLearner: ' (offline)',
    cellPass: '{name} · {exercise}: passed, {time}, {passes}/{attempts} attempts passed',
    cellFail: '{name} · {exercise}: failed, {time}, {passes}/{attempts} attempts passed',
    cellNone: '{name} · {exercise}: not tried',
    csvFailed: 'The download failed, please try again.',
  },
};

const params = new URLSearchParams(location.search);
/** @type {'zh-CN' | 'en'} */
let lang =
  params.get('lang') === 'en' ||
  (params.get('lang') !== 'zh-CN' && localStorage.getItem('udp-lab-admin-lang') === 'en')
    ? 'en'
    : 'zh-CN';
let token = sessionStorage.getItem('udp-lab-admin-token') ?? '';
/** @type {any} */
let last = null;
/** @type {any} */
let lastReport = null;

// A token in the link's fragment (never sent to the server) is taken once, then removed from the address bar.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) {
  token = /** @type {string} */ (fragment.get('token'));
  sessionStorage.setItem('udp-lab-admin-token', token);
  history.replaceState(null, '', location.pathname + location.search);
}

/** @param {string} key @param {Record<string, string | number>} [vars] */
function t(key, vars = {}) {
  const s = STRINGS[lang][key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]'))
    el.textContent = t(/** @type {string} */ (el.getAttribute('data-i18n')));
  const button = $('lang');
  button.textContent = t('switchTo');
  button.lang = lang === 'en' ? 'zh-CN' : 'en';
  if (last) render(last);
  if (lastReport) renderReport(lastReport);
}

/** @param {string} text */
function showStatus(text) {
  $('status').textContent = text;
}

/** @param {number} n */
const num = (n) => n.toLocaleString(lang);

/** @param {any} data */
function render(data) {
  const r = data.relay;
  const summary = $('summary');
  summary.replaceChildren(
    ...[
      ['relayAddress', r.publicAddress],
      ['liveSessions', num(r.sessions)],
      ['liveSockets', num(r.sockets)],
      ['ppsOut', num(r.rates.packetsOut)],
      ['ppsIn', num(r.rates.packetsIn)],
      ['drops', num(r.drops)],
      ['denials', num(r.denials)],
    ].map(([k, v]) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = t(k);
      dd.textContent = v;
      div.append(dt, dd);
      return div;
    }),
  );
  const body = /** @type {HTMLElement} */ (document.querySelector('#sessions tbody'));
  if (data.sessions.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 8;
    cell.textContent = t('noSessions');
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(
    ...data.sessions.map((/** @type {any} */ s) => {
      const row = document.createElement('tr');
      /** @param {string | Node} content */
      const cell = (content) => {
        const td = document.createElement('td');
        td.append(content);
        row.append(td);
      };
      cell(s.id + (s.name ? ` · ${s.name}` : '') + (s.authed ? '' : t('notAuthed')));
      cell(s.client);
      const list = document.createElement('ul');
      for (const k of s.sockets) {
        const li = document.createElement('li');
        li.textContent = t('socket', {
          id: k.id,
          port: k.port,
          relay: `${r.publicAddress}:${k.relayPort}`,
          implicit: k.implicit ? t('implicit') : '',
        });
        list.append(li);
      }
      cell(list);
      cell(`${num(s.rates.packetsOut)} / ${num(s.rates.packetsIn)}`);
      cell(`${num(s.rates.bytesOut)} / ${num(s.rates.bytesIn)}`);
      cell(num(s.drops.backpressure + s.drops.rate + s.drops.inboundDenied));
      cell(num(s.denials));
      const end = document.createElement('button');
      end.type = 'button';
      end.className = 'end';
      end.textContent = t('end');
      end.setAttribute('aria-label', t('endLabel', { id: s.id }));
      end.addEventListener('click', () => endSession(s.id));
      cell(end);
      return row;
    }),
  );
}

/** An exercise's column title in the page's language. @param {any} e */
function exerciseTitle(e) {
  const title = e.title?.[lang === 'en' ? 'en' : 'zh'];
  return typeof title === 'string' && title ? title : e.id;
}

/** The class report: learners × exercises, ✓ / ✗ / –, the latest time and the attempts. @param {any} data */
function renderReport(data) {
  const head = /** @type {HTMLElement} */ (document.querySelector('#grid thead tr'));
  const body = /** @type {HTMLElement} */ (document.querySelector('#grid tbody'));
  const first = document.createElement('th');
  first.scope = 'col';
  first.textContent = t('colName');
  head.replaceChildren(
    first,
    ...data.exercises.map((/** @type {any} */ e) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.dataset['exercise'] = e.id;
      th.textContent = e.id;
      const title = exerciseTitle(e);
      if (title !== e.id) th.title = title;
      return th;
    }),
  );
  if (data.learners.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = data.exercises.length + 1;
    cell.textContent = t('noLearners');
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  const time = (/** @type {string} */ iso) => new Date(iso).toLocaleTimeString(lang);
  body.replaceChildren(
    ...data.learners.map((/** @type {any} */ l) => {
      const row = document.createElement('tr');
      row.dataset['learner'] = l.name;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = l.name;
      if (!l.online) {
        const off = document.createElement('span');
        off.className = 'offline';
        off.textContent = t('offlineLearner');
        th.append(off);
      }
      row.append(th);
      for (const e of data.exercises) {
        const td = document.createElement('td');
        td.dataset['exercise'] = e.id;
        const r = l.results[e.id];
        const vars = { name: l.name, exercise: exerciseTitle(e) };
        if (!r) {
          td.textContent = '–';
          td.dataset['result'] = 'none';
          td.title = t('cellNone', vars);
        } else {
          td.textContent = r.passed ? '✓' : '✗';
          td.className = r.passed ? 'pass' : 'fail';
          td.dataset['result'] = r.passed ? 'pass' : 'fail';
          td.dataset['attempts'] = String(r.attempts);
          td.title = t(r.passed ? 'cellPass' : 'cellFail', {
            ...vars,
            time: time(r.receivedAt),
            passes: r.passes,
            attempts: r.attempts,
          });
        }
        td.setAttribute('aria-label', td.title);
        row.append(td);
      }
      return row;
    }),
  );
}

/** Fetches the CSV with the token (a plain link could not carry it) and saves it. */
async function downloadCsv() {
  try {
    const res = await api(`/admin/api/results.csv${lang === 'en' ? '?lang=en' : ''}`);
    if (!res.ok) throw new Error(String(res.status));
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'udp-lab-class-report.csv';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch {
    showStatus(t('csvFailed'));
  }
}

/** @param {string} path @param {RequestInit} [init] */
function api(path, init = {}) {
  return fetch(path, { ...init, headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
}

/** @param {string} id */
async function endSession(id) {
  if (!confirm(t('confirmEnd', { id }))) return;
  const res = await api(`/admin/api/sessions/${encodeURIComponent(id)}/end`, { method: 'POST' });
  if (res.ok) showStatus(t('ended', { id }));
  void poll();
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;
async function poll() {
  clearTimeout(timer);
  try {
    const res = await api('/admin/api/sessions');
    if (res.status === 429) {
      // Too many wrong admin tokens from this computer: the relay compares none until the wait ends.
      const wait = Math.max(1, Number(res.headers.get('Retry-After')) || 5);
      showStatus(t('backoff').replace('{s}', String(wait)));
      timer = setTimeout(poll, wait * 1000);
      return;
    }
    if (res.status === 401) {
      sessionStorage.removeItem('udp-lab-admin-token');
      token = '';
      $('dashboard').hidden = true;
      $('report').hidden = true;
      $('login').hidden = false;
      showStatus(t('badToken'));
      return;
    }
    last = await res.json();
    $('login').hidden = true;
    $('dashboard').hidden = false;
    render(last);
    const report = await api('/admin/api/results');
    if (report.ok) {
      lastReport = await report.json();
      $('report').hidden = false;
      renderReport(lastReport);
    }
  } catch {
    showStatus(t('offline'));
  }
  timer = setTimeout(poll, 1000);
}

$('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('udp-lab-admin-lang', lang);
  applyLanguage();
});
$('csv').addEventListener('click', () => void downloadCsv());
$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  token = /** @type {HTMLInputElement} */ ($('token')).value.trim();
  sessionStorage.setItem('udp-lab-admin-token', token);
  showStatus('');
  void poll();
});

applyLanguage();
if (token) void poll();
else $('login').hidden = false;

export {};
