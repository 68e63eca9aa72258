// A program on a Windows PC (profile 'windows'), on real Pyodide: what CPython on Windows raises and
// shows (site/runtime/netsim/WINDOWS.md), in both display languages, and Ctrl-C held back while
// the program waits in recvfrom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from './kernel.ts';
import { WINDOWS_CLOSED_EXIT } from './process.ts';
import { py, run, testWorld, type TestWorld } from './testing/programs.ts';
import type { Host, Kernel } from './types.ts';

let kernel: Kernel;
let world: TestWorld;
let win: Host;

beforeAll(async () => {
  kernel = createKernel();
  world = testWorld();
  win = world.network.addHost({ name: 'win', profile: 'windows' });
  win.attach('lan');
  await kernel.prewarm('cpython');
}, 120_000);

afterAll(() => kernel.dispose());

const SOCKETS = py(`
  import socket, errno
  def show(what, f):
      try:
          print(what, f())
      except OSError as e:
          print(what, type(e).__name__, e.errno, e.winerror, str(e))
  print(socket.SOL_SOCKET, socket.SO_REUSEADDR, socket.SO_BROADCAST, socket.SO_RCVBUF, socket.SO_EXCLUSIVEADDRUSE)
  print([hasattr(socket, n) for n in ('MSG_DONTWAIT', 'SOCK_NONBLOCK', 'SO_REUSEPORT')])
  print(errno.ECONNRESET, errno.EADDRINUSE, errno.EWOULDBLOCK, errno.EMSGSIZE)
  print(type(OSError(10054, 'x')).__name__)
  a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  show('unbound recvfrom', lambda: a.recvfrom(10))
  show('unbound getsockname', a.getsockname)
  a.bind(('', 7000))
  b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  show('bind conflict', lambda: b.bind(('', 7000)))
  c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
  show('reuse takes it', lambda: c.bind(('', 7000)))
  x = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  x.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
  x.bind(('', 7100))
  y = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  y.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
  show('exclusive', lambda: y.bind(('', 7100)))
  show('both options', lambda: x.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1))
  e = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  e.bind(('', 0))
  print('ephemeral', 49152 <= e.getsockname()[1] <= 65535)
  show('broadcast', lambda: e.sendto(b'x', ('255.255.255.255', 9)))
  e.setblocking(False)
  show('nothing queued', lambda: e.recvfrom(10))
  e.close()
  show('closed', lambda: e.recvfrom(10))
  u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
  u.connect(('127.0.0.1', 9))
  u.shutdown(socket.SHUT_WR)
  show('after shutdown', lambda: u.send(b'x'))
  t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
  show('tcp refused', lambda: t.connect(('127.0.0.1', 9)))
`);

/** The lines WINDOWS.md says CPython on Windows prints, texts in the table's language. */
function expected(lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const inval = zh ? '提供了一个无效的参数。' : 'An invalid argument was supplied';
  const inuse = zh
    ? '通常每个套接字地址(协议/网络地址/端口)只允许使用一次。'
    : 'Only one usage of each socket address (protocol/network address/port) is normally permitted';
  const acces = zh
    ? '以一种访问权限不允许的方式做了一个访问套接字的尝试。'
    : 'An attempt was made to access a socket in a way forbidden by its access permissions';
  const block = zh
    ? '无法立即完成一个非阻止性套接字操作。'
    : 'A non-blocking socket operation could not be completed immediately';
  const shutdown = zh
    ? '由于以前的关闭调用，套接字在那个方向已经关闭，发送或接收数据的请求没有被接受。'
    : 'A request to send or receive data was disallowed because the socket had already been shut down in that direction with a previous shutdown call';
  const refused = zh
    ? '由于目标计算机积极拒绝，无法连接。'
    : 'No connection could be made because the target machine actively refused it';
  const notsock = zh
    ? '在一个非套接字上尝试了一个操作。'
    : 'An operation was attempted on something that is not a socket';
  return [
    '65535 4 32 4098 -5',
    '[False, False, False]',
    '10054 10048 10035 10040',
    'ConnectionResetError',
    `unbound recvfrom OSError 22 10022 [WinError 10022] ${inval}`,
    `unbound getsockname OSError 22 10022 [WinError 10022] ${inval}`,
    `bind conflict OSError 10048 10048 [WinError 10048] ${inuse}`,
    'reuse takes it None',
    `exclusive PermissionError 13 10013 [WinError 10013] ${acces}`,
    `both options OSError 22 10022 [WinError 10022] ${inval}`,
    'ephemeral True',
    `broadcast PermissionError 13 10013 [WinError 10013] ${acces}`,
    `nothing queued BlockingIOError 10035 10035 [WinError 10035] ${block}`,
    `closed OSError 10038 10038 [WinError 10038] ${notsock}`,
    `after shutdown BrokenPipeError 10058 10058 [WinError 10058] ${shutdown}`,
    `tcp refused ConnectionRefusedError 10061 10061 [WinError 10061] ${refused}`,
    '',
  ].join('\n');
}

describe('a program on a Windows PC', () => {
  it.each(['zh', 'en'] as const)('raises and shows what CPython on a %s Windows does', async (lang) => {
    const r = run(kernel, world, 'cpython', SOCKETS, { host: win, windowsLanguage: lang });
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe(expected(lang));
  });

  it('the same program on a Linux PC keeps Linux numbers (no WinError)', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      'import socket, errno\nprint(socket.SOL_SOCKET, errno.ECONNRESET, hasattr(socket, "SO_EXCLUSIVEADDRUSE"))\n',
    );
    await r.process.exited;
    expect(r.stdout()).toBe('1 104 False\n');
  });

  it('Stop while blocked in recvfrom waits for the call to return (its timeout), then KeyboardInterrupt', async () => {
    const code = py(`
      import socket
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      s.bind(('', 7300))
      s.settimeout(1.5)
      try:
          s.recvfrom(1024)
      except KeyboardInterrupt:
          print('KeyboardInterrupt in recvfrom')
      except TimeoutError:
          print('timed out')
      except BaseException as e:
          print('other', type(e).__name__)
    `);
    const r = run(kernel, world, 'cpython', code, { host: win });
    await r.blocked();
    const t0 = performance.now();
    r.process.interrupt();
    expect(r.process.stopDeferred).toBe(true);
    expect(r.process.state).toBe('blocked');
    await r.waitFor('Ctrl-C', 2_000); // the notice
    const status = await r.process.exited;
    // The Ctrl-C came only when the call returned (its 1.5 s timeout), as a KeyboardInterrupt from it.
    expect(performance.now() - t0).toBeGreaterThan(1_000);
    expect(r.stdout()).toBe('KeyboardInterrupt in recvfrom\n');
    expect(status).toEqual({ exitCode: 0, exception: null });
  }, 30_000);

  it('a datagram that arrives ends the wait too; without a handler the traceback names recvfrom', async () => {
    const code =
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 7350))\ns.recvfrom(10)\n';
    const r = run(kernel, world, 'cpython', code, { host: win });
    await r.blocked();
    r.process.interrupt();
    expect(r.process.state).toBe('blocked');
    const tx = world.pc2.socket('AF_INET', 'SOCK_DGRAM');
    world.pc2.sendto(tx, new TextEncoder().encode('hi'), win.addresses()[0], 7350);
    world.pc2.close(tx);
    const status = await r.process.exited;
    expect(r.stderr()).toMatch(/s\.recvfrom\(10\)\n[\s\S]*\nKeyboardInterrupt\n$/);
    expect(status).toEqual({ exitCode: 130, exception: 'KeyboardInterrupt' });
  }, 30_000);

  it('a second Stop closes it at once, as closing its console window', async () => {
    const code =
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 7400))\ntry:\n    s.recvfrom(1024)\nfinally:\n    print("finally ran")\n';
    const r = run(kernel, world, 'cpython', code, { host: win, windowsLanguage: 'en' });
    await r.blocked();
    r.process.interrupt();
    r.process.interrupt();
    expect(await r.process.exited).toEqual({ exitCode: WINDOWS_CLOSED_EXIT, exception: null });
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toMatch(/console window/);
  }, 30_000);

  it('Stop in time.sleep is taken at once, as on Windows', async () => {
    const r = run(
      kernel,
      world,
      'cpython',
      'import time\ntry:\n    time.sleep(30)\nexcept KeyboardInterrupt:\n    print("stopped")\n',
      {
        host: win,
      },
    );
    await r.blocked();
    r.process.interrupt();
    expect(r.process.stopDeferred).toBe(false);
    expect(await r.process.exited).toEqual({ exitCode: 0, exception: null });
    expect(r.stdout()).toBe('stopped\n');
  }, 30_000);
});
