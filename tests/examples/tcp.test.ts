// Golden transcripts of the lesson "TCP 与 UDP 并排 / TCP and UDP side by side" (and the socket-kinds
// playground beside the seeds' SOCK_STREAM snippets), plus the claims its text makes about them.

import { afterAll, describe, expect, it } from 'vitest';
import { createNodeKernel } from '../../site/runtime/runner/node.ts';
import { golden, transcriptOf } from './transcript.ts';

const kernel = await createNodeKernel();
afterAll(() => kernel.dispose());

/** One program's terminal in a transcript (the lines between its header and the next section). */
function terminal(transcript: string, file: string): string {
  const start = transcript.indexOf(`== ${file} on `);
  if (start < 0) throw new Error(`no ${file} in the transcript`);
  const body = transcript.slice(transcript.indexOf('\n', start) + 1);
  return body.slice(0, body.indexOf('\n\n== '));
}

/** The segment rows of a transcript. */
const segments = (transcript: string) => transcript.split('\n').filter((l) => l.includes('  tcp ['));

describe('TCP beside UDP scenarios', () => {
  const transcripts = new Map<string, string>();
  /** `tcp-udp-echo-loss30` is tcp-udp-echo with 30 % loss, as `npx udp-lab run --loss 0.3` runs it. */
  const run = async (name: string) => {
    const known = transcripts.get(name);
    if (known !== undefined) return known;
    const lossy = /^(.*)-loss(\d+)$/.exec(name);
    const t = lossy
      ? await transcriptOf(lossy[1] ?? '', kernel, { loss: Number(lossy[2]) / 100 })
      : await transcriptOf(name, kernel);
    transcripts.set(name, t);
    return t;
  };

  it.each(['tcp-udp-echo', 'tcp-udp-echo-loss30', 'tcp-udp-chat', 'closed-peer', 'socket-kinds'])(
    '%s matches its golden transcript',
    async (name) => {
      const actual = await run(name);
      expect(actual).toBe(golden(name, actual));
    },
  );

  it('at 0 % loss: handshake, three sends read by one recv, four-way teardown; UDP keeps its three datagrams', async () => {
    const t = await run('tcp-udp-echo');
    const rows = segments(t);
    expect(rows[0]).toContain('tcp [SYN] Seq=0 ');
    expect(rows[1]).toContain('tcp [SYN, ACK] Seq=0 Ack=1 ');
    expect(rows[2]).toContain('tcp [ACK] Seq=1 Ack=1 ');
    expect(rows.filter((r) => r.includes('FIN'))).toHaveLength(2);
    expect(rows.some((r) => r.includes('[retransmission]'))).toBe(false);
    expect(terminal(t, 'tcp_echo_server.py')).toContain("recv 收到 18 字节： b'msg 1;msg 2;msg 3;'");
    const udp = terminal(t, 'udp_echo_server.py');
    for (const n of [1, 2, 3]) expect(udp).toContain(`recvfrom 收到 6 字节： b'msg ${n};'`);
  });

  it('at 30 % loss (seed 3): TCP retransmits and echoes every byte in order, UDP loses an echo', async () => {
    const t = await run('tcp-udp-echo-loss30');
    const rows = segments(t);
    // The lesson says: the first SYN lost and sent again 1 s later; the 18-byte echo lost once and
    // retransmitted 200 ms later; UDP's msg 1; never reached the server; 2 of 3 echoes came back.
    const at = (r: string) => Number(r.trim().split(/\s+/)[0]);
    const syns = rows.filter((r) => r.includes('tcp [SYN] '));
    expect(syns.map((r) => [at(r), r.includes(' lost '), r.includes('[retransmission]')])).toEqual([
      [0, true, false],
      [1000, false, true],
    ]);
    const echoes = rows.filter((r) => r.includes(' Len=18'));
    expect(echoes.map((r) => r.includes(' lost '))).toEqual([true, false]);
    expect(at(echoes[1] ?? '') - at(echoes[0] ?? '')).toBe(200);
    expect(echoes[1]).toContain('[retransmission]');
    expect(terminal(t, 'udp_echo_server.py')).not.toContain("b'msg 1;'");
    const client = terminal(t, 'tcp_echo_client.py');
    expect(client).toContain('用了 1.0 秒');
    expect(client).toContain('原样收回：True');
    expect(terminal(t, 'udp_echo_client.py')).toContain('收回 2 / 3 条');
  });

  it('closed-peer prints what CPython 3.11 printed on Linux (recorded, quoted in the lesson)', async () => {
    const t = await run('closed-peer');
    // Recorded with CPython 3.11.7 on Linux, 127.0.0.1: python3 content/examples/<file>.
    expect(terminal(t, 'tcp_closed_peer.py')).toBe(
      [
        "1. 对方关闭后 recv 返回 b''",
        '2. 第一次 send 返回 6',
        '2. 第二次 send: BrokenPipeError [Errno 32] Broken pipe',
        '3. recv: ConnectionResetError [Errno 104] Connection reset by peer',
      ].join('\n'),
    );
    expect(terminal(t, 'udp_closed_peer.py')).toBe(
      [
        '1. sendto 返回 6',
        '1. recvfrom: 1 秒超时，没有任何消息',
        '2. send 返回 6',
        '2. recv: ConnectionRefusedError [Errno 111] Connection refused',
      ].join('\n'),
    );
  });

  it('socket-kinds prints what CPython 3.11 printed (the seeds: socket() is SOCK_STREAM)', async () => {
    const t = await run('socket-kinds');
    expect(terminal(t, 'tcp_udp_sockets.py')).toBe(
      [
        'tcp_sock: <SocketKind.SOCK_STREAM: 1>',
        'udp_sock: <SocketKind.SOCK_DGRAM: 2>',
        'socket(): <SocketKind.SOCK_STREAM: 1>',
      ].join('\n'),
    );
  });

  it('the TCP chat ends when the client says bye, as the UDP chat does', async () => {
    const t = await run('tcp-udp-chat');
    expect(terminal(t, 'tcp_chat_server.py')).toContain('客户端说了 bye，聊天结束。');
    expect(terminal(t, 'chat_server.py')).toContain('客户端说了 bye，聊天结束。');
  });
});
