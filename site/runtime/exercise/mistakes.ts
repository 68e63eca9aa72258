// Common mistakes explained in the learner's language: reads a program's traceback and output (and
// how its run ended) and says, in a sentence or two, what went wrong. Pure. The explanation goes
// beside the real traceback, never in place of it.

import type { Bilingual } from './exercise.ts';
import type { MistakeId } from './mistake-ids.ts';

/** What the explainer looks at: one program's end, as the runner reports it. */
export interface MistakeInput {
  readonly runtime: 'cpython' | 'micropython';
  readonly stdout: string;
  readonly stderr: string;
  readonly exception: string | null;
  /** The run's time budget stopped it while it waited in this call (null: it ended, or was running). */
  readonly stoppedIn?: string | null;
  /** How many of its recvfrom / select calls had a time limit. */
  readonly timedWaits?: number;
  /** The datagrams it sent to 127.x that found nobody while other hosts exist (optional). */
  readonly loopbackRefused?: number;
}

/** One explained mistake. */
export interface Mistake extends Bilingual {
  readonly id: MistakeId;
}

/** The last exception line of a traceback, e.g. "OSError: [Errno 98] Address already in use". */
export function lastErrorLine(input: MistakeInput): string {
  const text = (input.stderr + '\n' + input.stdout).replace(/\r\n/g, '\n');
  const lines = text.split('\n').filter((l) => /^[A-Za-z_][\w.]*(Error|Exception|Interrupt)\b/.test(l));
  return lines[lines.length - 1] ?? '';
}

type Rule = { id: MistakeId; test(input: MistakeInput, error: string): boolean; zh: string; en: string };

const RULES: readonly Rule[] = [
  {
    id: 'sendto-str',
    test: (_, e) => /TypeError: a bytes-like object is required, not 'str'/.test(e),
    zh: 'sendto() 只收字节（bytes），不收字符串。先编码：sock.sendto(text.encode("utf-8"), addr)。',
    en: 'sendto() takes bytes, not a str. Encode first: sock.sendto(text.encode("utf-8"), addr).',
  },
  {
    id: 'bind-two-args',
    test: (_, e) => /bind\(\) takes (exactly one argument|2 positional arguments)/.test(e),
    zh: 'bind() 只收一个参数：(IP, 端口) 这个元组。写成 sock.bind(("", 9000))，注意两层括号。',
    en: 'bind() takes one argument: the (IP, port) tuple. Write sock.bind(("", 9000)) — two pairs of parentheses.',
  },
  {
    id: 'address-in-use',
    test: (_, e) => /Errno 98|EADDRINUSE|Errno 112/.test(e),
    zh: '这个端口已经有套接字绑定了（可能是另一个程序，或同一个程序绑定了两次）。换一个端口，或先关掉原来的套接字。',
    en: 'Another socket is already bound to this port (another program, or this one binding twice). Use another port, or close the first socket.',
  },
  {
    id: 'broadcast-no-so-broadcast',
    test: (_, e) => /PermissionError: \[Errno 13\]|\[Errno 13\] EACCES/.test(e),
    zh: '在电脑上发广播要先打开广播开关：sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)。',
    en: 'On a PC, broadcasting needs the broadcast option first: sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1).',
  },
  {
    id: 'board-no-wifi',
    test: (i, e) => i.runtime === 'micropython' && /^OSError: (118|\[Errno 118\])/.test(e),
    zh: 'OSError: 118 表示掌控板还没连上网络。先用 wifi().connectWiFi("ssid", "password") 连上 Wi-Fi，再收发数据。',
    en: 'OSError: 118 means the board is not on a network yet. Join the Wi-Fi first with wifi().connectWiFi("ssid", "password"), then send.',
  },
  {
    id: 'unicode-decode',
    test: (i, e) =>
      /^UnicodeDecodeError|^UnicodeError/.test(e) && (i.runtime === 'cpython' || !/Errno/.test(e)),
    zh: '收到的字节不是合法的 UTF-8，decode() 出错了。网络上谁都能给你发数据：用 try/except UnicodeDecodeError 跳过它，或者 decode("utf-8", "replace")。',
    en: "The bytes received are not valid UTF-8, so decode() failed. Anyone on the network can send you anything: skip it with try/except UnicodeDecodeError, or use decode('utf-8', 'replace').",
  },
  {
    id: 'recv-no-timeout',
    test: (i) => i.stoppedIn === 'socket.recvfrom' && (i.timedWaits ?? 0) === 0,
    zh: '时间用完时程序还卡在 recvfrom() 里，等一个永远不会来的数据报（丢了，或者对方根本没发）。如果回复可能不来，就用 sock.settimeout(1) 设超时，捕获 socket.timeout，再决定重发还是结束。',
    en: 'When the time ran out the program was still stuck in recvfrom(), waiting for a datagram that never came (lost, or never sent). If an answer may not come, set sock.settimeout(1), catch socket.timeout, and then send again or stop.',
  },
  {
    id: 'loopback-other-host',
    test: (i) => (i.loopbackRefused ?? 0) > 0,
    zh: '127.0.0.1 永远是“本机”。对方在另一台机器上，要发到它的 IP 地址（例如 192.168.0.3）。',
    en: '127.0.0.1 always means "this machine". The other program runs on another host: send to its IP address (e.g. 192.168.0.3).',
  },
];

/** Bytes printed without decode(): a line showing b'…' or b"…". */
const BYTES_REPR = /(^|[\s(,:=])b'[^']*'|(^|[\s(,:=])b"[^"]*"/;

/**
 * The mistakes one program's run shows, most specific first (at most one from its exception,
 * then the ones from how it ended and what it printed).
 */
export function explainMistakes(input: MistakeInput): Mistake[] {
  const error = lastErrorLine(input);
  const found: Mistake[] = [];
  for (const rule of RULES)
    if (rule.test(input, error)) found.push({ id: rule.id, zh: rule.zh, en: rule.en });
  if (input.stdout.split('\n').some((l) => BYTES_REPR.test(l) && !/^\s*File "/.test(l)))
    found.push({
      id: 'bytes-printed',
      zh: '输出里有 b\'…\'：打印的是字节（bytes）。先解码再打印：data.decode("utf-8")。',
      en: 'The output shows b\'…\': that is bytes being printed. Decode first: data.decode("utf-8").',
    });
  return found;
}
