// The dashboard page's script: polls /admin/api/sessions and /admin/api/results with the admin token,
// in Chinese or English.
import type { TrafficAnswer, TrafficRecord } from '../../protocol/index.ts';

const STRINGS: Record<'zh-CN' | 'en', Record<string, string>> = {
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
    traffic: '数据报',
    trafficHelp:
      '学生的程序经中继收发的每个数据报：时间、学生、来源、目的地、大小。只有持管理令牌的人能看到。',
    pause: '暂停',
    resume: '继续',
    clear: '清空',
    confirmClear: '清空数据报列表和每个学生的计数？',
    previewLabel: '显示每个数据报的前 {n} 个字节',
    previewOnNote: '内容预览已打开：学生的页面上写着老师能看到他们数据报的前 {n} 个字节。',
    previewOffNote: '',
    filterLearner: '学生',
    allLearners: '全部学生',
    filterAddress: '地址',
    countsCaption: '每个学生的数据报',
    colSent: '发出（个 / 字节）',
    colReceived: '收到（个 / 字节）',
    colDenied: '被中继拒绝',
    colRefused: '被拒收',
    colUnlisted: '未列出',
    listCaption: '最近的数据报（最新的在上）',
    colTime: '时间',
    colFrom: '来源',
    colTo: '目的地',
    colSize: '大小（字节）',
    colFate: '结果',
    colPreview: '内容预览',
    noTraffic: '还没有数据报经过中继。',
    noMatch: '没有符合筛选条件的数据报。',
    'fate.out.relayed': '发出，已转发',
    'fate.in.relayed': '收到，已转交',
    'fate.internal.relayed': '学生之间，已转交',
    'fate.out.denied': '被中继拒绝（{reason}）',
    'fate.internal.denied': '被中继拒绝（{reason}）',
    'fate.in.refused': '被拒收（{reason}）',
    'fate.internal.refused': '被拒收（对方套接字只收回复）',
    'reason.source': '来源不在允许的子网',
    'reason.loopback': '本机回环地址；--allow-loopback 可放行',
    'reason.broadcast': '广播地址；--allow-broadcast 可放行',
    'reason.low-port': '1024 以下的端口；--allow-low-ports 可放行',
    'reason.relay-host': '中继电脑自己的地址；--allow-self 可放行',
    'reason.outside-subnet': '不在教室的子网里；--allow <网段> 可放行',
    'reason.link-local': '链路本地地址；--allow 其中的网段可放行',
    'reason.multicast': '组播地址；--allow 其中的网段可放行',
    'reason.unspecified': '未指定的地址',
    'reason.reserved': '保留地址',
    'reason.not-a-reply': '不是对已发数据报的回复',
    toLearner: '→ {name}',
    paused: '已暂停：新的数据报留在中继里（最多 {ring} 个），点“继续”再显示。',
    skipped: '{n} 个数据报来得太快，没有列出（计数里都有）。',
    previewFailed: '无法切换内容预览，请重试。',
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
    traffic: 'Datagrams',
    trafficHelp:
      'Every datagram learners’ programs send or receive through the relay: time, learner, from, to, size. Only a holder of the admin token sees them.',
    pause: 'Pause',
    resume: 'Resume',
    clear: 'Clear',
    confirmClear: 'Clear the list of datagrams and every learner’s counts?',
    previewLabel: 'Show the first {n} bytes of each datagram',
    previewOnNote:
      'The preview is on: learners’ pages say that their teacher sees the first {n} bytes of their datagrams.',
    previewOffNote: '',
    filterLearner: 'Learner',
    allLearners: 'All learners',
    filterAddress: 'Address',
    countsCaption: 'Datagrams per learner',
    colSent: 'Sent (datagrams / bytes)',
    colReceived: 'Received (datagrams / bytes)',
    colDenied: 'Denied by the relay',
    colRefused: 'Refused on arrival',
    colUnlisted: 'Not listed',
    listCaption: 'Recent datagrams (newest first)',
    colTime: 'Time',
    colFrom: 'From',
    colTo: 'To',
    colSize: 'Size (bytes)',
    colFate: 'What happened',
    colPreview: 'Preview',
    noTraffic: 'No datagram has gone through the relay yet.',
    noMatch: 'No datagram matches the filters.',
    'fate.out.relayed': 'sent, relayed',
    'fate.in.relayed': 'received, delivered',
    'fate.internal.relayed': 'learner to learner, delivered',
    'fate.out.denied': 'denied by the relay ({reason})',
    'fate.internal.denied': 'denied by the relay ({reason})',
    'fate.in.refused': 'refused on arrival ({reason})',
    'fate.internal.refused': 'refused on arrival (the socket takes replies only)',
    'reason.source': 'source outside the allowed subnets',
    'reason.loopback': 'loopback; --allow-loopback allows it',
    'reason.broadcast': 'broadcast; --allow-broadcast allows it',
    'reason.low-port': 'port below 1024; --allow-low-ports allows it',
    'reason.relay-host': 'the relay computer’s own address; --allow-self allows it',
    'reason.outside-subnet': 'outside the classroom’s subnet; --allow <range> allows it',
    'reason.link-local': 'link-local; --allow a range inside it allows it',
    'reason.multicast': 'multicast; --allow a range inside it allows it',
    'reason.unspecified': 'unspecified address',
    'reason.reserved': 'reserved address',
    'reason.not-a-reply': 'not a reply to a datagram it sent',
    toLearner: '→ {name}',
    paused: 'Paused: new datagrams wait in the relay (at most {ring}); press Resume to show them.',
    skipped: '{n} datagrams came too fast to be listed (the counts have them all).',
    previewFailed: 'Could not switch the preview, please try again.',
  },
};

/** What the page reads of `GET /admin/api/sessions` (`snapshot()` in server.ts). */
interface SessionsAnswer {
  relay: {
    publicAddress: string;
    sessions: number;
    sockets: number;
    rates: { packetsOut: number; packetsIn: number };
    drops: number;
    denials: number;
  };
  sessions: SessionRow[];
}

interface SessionRow {
  id: string;
  name: string | null;
  authed: boolean;
  client: string;
  sockets: Array<{ id: number; port: number; relayPort: number; implicit: boolean }>;
  rates: { packetsOut: number; packetsIn: number; bytesOut: number; bytesIn: number };
  drops: { backpressure: number; rate: number; inboundDenied: number };
  denials: number;
}

/** What the page reads of `GET /admin/api/results` (the class report, class-results.ts). */
interface ResultsAnswer {
  exercises: ExerciseColumn[];
  learners: Array<{
    name: string;
    online: boolean;
    results: Record<
      string,
      { passed: boolean; receivedAt: string; attempts: number; passes: number } | undefined
    >;
  }>;
}

interface ExerciseColumn {
  id: string;
  title?: { zh?: unknown; en?: unknown };
}

const params = new URLSearchParams(location.search);
let lang: 'zh-CN' | 'en' =
  params.get('lang') === 'en' ||
  (params.get('lang') !== 'zh-CN' && localStorage.getItem('udp-lab-admin-lang') === 'en')
    ? 'en'
    : 'zh-CN';
let token = sessionStorage.getItem('udp-lab-admin-token') ?? '';
let last: SessionsAnswer | null = null;
let lastReport: ResultsAnswer | null = null;

/** Rows of the traffic view the page keeps (newest last); older ones are dropped. */
const MAX_TRAFFIC_ROWS = 500;
let trafficRows: TrafficRecord[] = [];
/** The relay's sequence number of the latest row seen: the next request asks for what came after. */
let trafficCursor = 0;
let trafficSkipped = 0;
let trafficPaused = false;
let lastTraffic: TrafficAnswer | null = null;

// A token in the link's fragment (never sent to the server) is taken once, then removed from the address bar.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) {
  token = fragment.get('token') as string;
  sessionStorage.setItem('udp-lab-admin-token', token);
  history.replaceState(null, '', location.pathname + location.search);
}

function t(key: string, vars: Record<string, string | number> = {}) {
  const s = STRINGS[lang][key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

const $ = (id: string) => document.getElementById(id) as HTMLElement;

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]'))
    el.textContent = t(el.getAttribute('data-i18n') as string);
  const button = $('lang');
  button.textContent = t('switchTo');
  button.lang = lang === 'en' ? 'zh-CN' : 'en';
  if (last) render(last);
  if (lastReport) renderReport(lastReport);
  renderTraffic();
}

function showStatus(text: string) {
  $('status').textContent = text;
}

const num = (n: number) => n.toLocaleString(lang);

function render(data: SessionsAnswer) {
  const r = data.relay;
  const summary = $('summary');
  summary.replaceChildren(
    ...(
      [
        ['relayAddress', r.publicAddress],
        ['liveSessions', num(r.sessions)],
        ['liveSockets', num(r.sockets)],
        ['ppsOut', num(r.rates.packetsOut)],
        ['ppsIn', num(r.rates.packetsIn)],
        ['drops', num(r.drops)],
        ['denials', num(r.denials)],
      ] as Array<[string, string]>
    ).map(([k, v]) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = t(k);
      dd.textContent = v;
      div.append(dt, dd);
      return div;
    }),
  );
  const body = document.querySelector('#sessions tbody') as HTMLElement;
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
    ...data.sessions.map((s) => {
      const row = document.createElement('tr');
      const cell = (content: string | Node) => {
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

/** An exercise's column title in the page's language. */
function exerciseTitle(e: ExerciseColumn) {
  const title = e.title?.[lang === 'en' ? 'en' : 'zh'];
  return typeof title === 'string' && title ? title : e.id;
}

/** The class report: learners × exercises, ✓ / ✗ / –, the latest time and the attempts. */
function renderReport(data: ResultsAnswer) {
  const head = document.querySelector('#grid thead tr') as HTMLElement;
  const body = document.querySelector('#grid tbody') as HTMLElement;
  const first = document.createElement('th');
  first.scope = 'col';
  first.textContent = t('colName');
  head.replaceChildren(
    first,
    ...data.exercises.map((e) => {
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
  const time = (iso: string) => new Date(iso).toLocaleTimeString(lang);
  body.replaceChildren(
    ...data.learners.map((l) => {
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

/** A preview's bytes as text: UTF-8 where it is, `·` for control and undecodable bytes. */
function previewText(hex: string) {
  const bytes = new Uint8Array((hex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return [...text]
    .map((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfffd ? '·' : ch;
    })
    .join('');
}

function fateText(r: TrafficRecord) {
  const key = `reason.${r.reason}`;
  const reason = r.reason ? (STRINGS[lang][key] ? t(key) : r.reason) : '';
  const fate = `fate.${r.dir}.${r.fate}`;
  return STRINGS[lang][fate] ? t(fate, { reason }) : `${r.dir} ${r.fate} ${reason}`;
}

/** The traffic view: counts per learner and the recent datagrams, filtered. */
function renderTraffic() {
  const data = lastTraffic;
  if (!data) return;
  const preview = data.preview === true;
  const box = $('traffic-preview') as HTMLInputElement;
  box.checked = preview;
  $('traffic-preview-label').textContent = t('previewLabel', { n: data.previewBytes });
  const pause = $('traffic-pause');
  pause.textContent = t(trafficPaused ? 'resume' : 'pause');
  pause.setAttribute('aria-pressed', String(trafficPaused));
  const notes = [];
  if (trafficPaused) notes.push(t('paused', { ring: num(data.ringSize ?? 0) }));
  if (trafficSkipped + (data.unlisted ?? 0) > 0)
    notes.push(t('skipped', { n: num(trafficSkipped + (data.unlisted ?? 0)) }));
  if (preview) notes.push(t('previewOnNote', { n: data.previewBytes }));
  $('traffic-note').textContent = notes.join(' ');

  // The learner filter offers every learner seen, and keeps the choice.
  const select = $('traffic-learner') as HTMLSelectElement;
  const chosen = select.value;
  const learners = new Set([...data.counts.map((c) => c.learner), ...trafficRows.map((r) => r.learner)]);
  if (chosen) learners.add(chosen);
  const all = document.createElement('option');
  all.value = '';
  all.textContent = t('allLearners');
  select.replaceChildren(
    all,
    ...[...learners].sort().map((l) => {
      const o = document.createElement('option');
      o.value = l;
      o.textContent = l;
      return o;
    }),
  );
  select.value = chosen;
  const address = ($('traffic-address') as HTMLInputElement).value.trim();

  const countsBody = document.querySelector('#traffic-counts tbody') as HTMLElement;
  countsBody.replaceChildren(
    ...data.counts
      .filter((c) => !chosen || c.learner === chosen)
      .map((c) => {
        const row = document.createElement('tr');
        row.dataset['learner'] = c.learner;
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = c.learner;
        row.append(th);
        for (const v of [
          `${num(c.sent)} / ${num(c.sentBytes)}`,
          `${num(c.received)} / ${num(c.receivedBytes)}`,
          num(c.denied),
          num(c.refused),
          num(c.unlisted),
        ]) {
          const td = document.createElement('td');
          td.textContent = v;
          row.append(td);
        }
        return row;
      }),
  );

  for (const th of document.querySelectorAll('#traffic-list .preview-col'))
    (th as HTMLElement).hidden = !preview;
  const body = document.querySelector('#traffic-list tbody') as HTMLElement;
  const shown = trafficRows.filter(
    (r) =>
      (!chosen || r.learner === chosen || r.toLearner === chosen) &&
      (!address || (r.from ?? '').includes(address) || r.to.includes(address)),
  );
  if (shown.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = preview ? 7 : 6;
    cell.textContent = t(trafficRows.length === 0 ? 'noTraffic' : 'noMatch');
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  const time = (at: number) => {
    const d = new Date(at);
    return `${d.toLocaleTimeString(lang, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  };
  body.replaceChildren(
    ...shown.reverse().map((r) => {
      const row = document.createElement('tr');
      row.dataset['learner'] = r.learner;
      row.dataset['fate'] = r.fate;
      row.dataset['dir'] = r.dir;
      row.dataset['seq'] = String(r.seq);
      const cells = [
        time(r.at),
        r.learner + (r.toLearner ? ` ${t('toLearner', { name: r.toLearner })}` : ''),
        r.from ?? '–',
        r.to,
        num(r.size),
        fateText(r),
      ];
      for (const v of cells) {
        const td = document.createElement('td');
        td.textContent = v;
        row.append(td);
      }
      if (preview) {
        const td = document.createElement('td');
        td.className = 'preview';
        if (typeof r.preview === 'string') {
          td.textContent = previewText(r.preview);
          td.title = (r.preview.match(/../g) ?? []).join(' ');
        } else td.textContent = '–';
        row.append(td);
      }
      if (r.learner !== r.session) row.title = r.session;
      return row;
    }),
  );
}

/** Fetches the datagrams after the cursor (unless paused) and keeps the newest MAX_TRAFFIC_ROWS. */
async function pollTraffic() {
  if (trafficPaused) return;
  const res = await api(`/admin/api/traffic?after=${trafficCursor}`);
  if (!res.ok) return;
  const data = (await res.json()) as TrafficAnswer;
  if (trafficCursor > data.latest)
    trafficRows = []; // the relay restarted
  else if (trafficCursor > 0) trafficSkipped += data.skipped;
  trafficCursor = data.latest;
  trafficRows.push(...data.records);
  if (trafficRows.length > MAX_TRAFFIC_ROWS) trafficRows = trafficRows.slice(-MAX_TRAFFIC_ROWS);
  lastTraffic = data;
  $('traffic').hidden = false;
  renderTraffic();
}

async function switchPreview(on: boolean) {
  const res = await api(`/admin/api/traffic/preview/${on ? 'on' : 'off'}`, { method: 'POST' }).catch(
    () => null,
  );
  if (!res?.ok) showStatus(t('previewFailed'));
  if (!on) for (const r of trafficRows) delete r.preview;
  if (res?.ok && lastTraffic) lastTraffic = { ...lastTraffic, ...(await res.json()) };
  renderTraffic();
}

async function clearTraffic() {
  if (!confirm(t('confirmClear'))) return;
  const res = await api('/admin/api/traffic/clear', { method: 'POST' });
  if (!res.ok) return;
  trafficRows = [];
  trafficSkipped = 0;
  if (lastTraffic) lastTraffic = { ...lastTraffic, counts: [], unlisted: 0 };
  renderTraffic();
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

function api(path: string, init: RequestInit = {}) {
  return fetch(path, { ...init, headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
}

async function endSession(id: string) {
  if (!confirm(t('confirmEnd', { id }))) return;
  const res = await api(`/admin/api/sessions/${encodeURIComponent(id)}/end`, { method: 'POST' });
  if (res.ok) showStatus(t('ended', { id }));
  void poll();
}

let timer: ReturnType<typeof setTimeout> | undefined;
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
      $('traffic').hidden = true;
      $('login').hidden = false;
      showStatus(t('badToken'));
      return;
    }
    const data = (await res.json()) as SessionsAnswer;
    last = data;
    $('login').hidden = true;
    $('dashboard').hidden = false;
    render(data);
    await pollTraffic();
    const report = await api('/admin/api/results');
    if (report.ok) {
      const results = (await report.json()) as ResultsAnswer;
      lastReport = results;
      $('report').hidden = false;
      renderReport(results);
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
$('traffic-pause').addEventListener('click', () => {
  trafficPaused = !trafficPaused;
  renderTraffic();
  if (!trafficPaused) void pollTraffic().catch(() => undefined);
});
$('traffic-clear').addEventListener('click', () => void clearTraffic());
$('traffic-preview').addEventListener('change', (e) => {
  void switchPreview((e.target as HTMLInputElement).checked);
});
$('traffic-learner').addEventListener('change', () => renderTraffic());
$('traffic-address').addEventListener('input', () => renderTraffic());
$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  token = ($('token') as HTMLInputElement).value.trim();
  sessionStorage.setItem('udp-lab-admin-token', token);
  showStatus('');
  void poll();
});

applyLanguage();
if (token) void poll();
else $('login').hidden = false;

export {};
