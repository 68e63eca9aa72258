// The headers every response of the relay carries, and its short answers (errors, refusals) in
// Chinese and English — a browser shows them as they are.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { RELAY_ERRORS } from '../protocol/index.ts';

/** Headers that make a page cross-origin isolated (SharedArrayBuffer). */
export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** On every response the relay writes, error answers and refused handshakes included. */
export const SECURITY_HEADERS = Object.freeze({
  ...ISOLATION_HEADERS,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

/**
 * Plain answers: the text a browser shows, Chinese first. Codes are RELAY_ERRORS' where one exists,
 * and then so is the status (its `http`): the error table is the one place a code's status is written.
 */
export const ANSWERS: Readonly<Record<string, { status: number; zh: string; en: string }>> = Object.freeze({
  BAD_REQUEST: { status: 400, zh: '请求无法解析。', en: 'Bad request.' },
  NOT_FOUND: { status: 404, zh: '找不到这个页面。', en: 'Not found.' },
  METHOD: { status: 405, zh: '只接受 GET 和 HEAD。', en: 'Only GET and HEAD are accepted.' },
  REQUEST_TIMEOUT: {
    status: 408,
    zh: '请求没有及时发完，连接已关闭。',
    en: 'The request did not arrive in time; the connection is closed.',
  },
  HEADERS_TOO_LARGE: { status: 431, zh: '请求头太大。', en: 'Request headers too large.' },
  WEBSOCKET_ONLY: {
    status: 426,
    zh: '这里只接受 WebSocket（课堂中继）。',
    en: 'WebSocket only (the classroom relay).',
  },
  RELAY_ERR_FILE_READ: {
    status: RELAY_ERRORS.RELAY_ERR_FILE_READ.http,
    zh: '中继电脑读不了这个文件（老师可以查看中继的日志）。请稍后刷新。',
    en: 'The relay computer could not read this file (the teacher can see why in the relay log). Reload in a moment.',
  },
  RELAY_ERR_HOST: {
    status: RELAY_ERRORS.RELAY_ERR_HOST.http,
    zh: '中继不认这个地址。请用老师给的链接打开课程；老师可以用 --allow-host 加上这个名字。',
    en: 'The relay does not answer to this name. Open the course with the link your teacher gave; the teacher can add the name with --allow-host.',
  },
  HTTPS_ONLY: {
    status: 308,
    zh: '课程在这个端口上只用 https：请打开 https:// 开头的同一个地址（老师给的加入链接）。',
    en: 'The course is served over https only on this port: open the same address starting with https:// (the join link your teacher gave).',
  },
  RELAY_ERR_TOO_MANY_CONNECTIONS: {
    status: RELAY_ERRORS.RELAY_ERR_TOO_MANY_CONNECTIONS.http,
    zh: '这台电脑连到中继的连接太多了：请关掉一些标签页，稍后再试。',
    en: 'Too many connections from this computer to the relay: close some tabs and try again in a moment.',
  },
});

/** The body of an answer: both languages, one line each. */
export function answerText(key: string) {
  const a = ANSWERS[key] ?? ANSWERS.BAD_REQUEST;
  return `${a?.zh}\n${a?.en}\n`;
}

/** Answers a request with one of ANSWERS (plain text, both languages). */
export function answer(res: http.ServerResponse, key: string, headers: Record<string, string> = {}) {
  const status = ANSWERS[key]?.status ?? 400;
  const body = answerText(key);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(res.req?.method === 'HEAD' ? undefined : body);
}

/**
 * Writes a whole HTTP response on a bare socket (a refused handshake, a refused connection) and closes
 * it as soon as it is written — the descriptor is not held until the peer closes its side.
 * @param [headers] Content-Type defaults to text/plain.
 */
export function writeRawResponse(
  socket: Duplex,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  const all = {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const head = Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n${head}\r\n\r\n${body}`, () =>
    socket.destroy(),
  );
}
