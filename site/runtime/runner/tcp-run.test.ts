// The runner runs a TCP server and client on two simulated PCs (issue 22): their output, and the
// segments printed as Wireshark's Info column names them.
import { describe, expect, it } from 'vitest';
import { PlainPrinter } from '../cli/index.ts';
import { runScenario } from './run-node.ts';
import type { DatagramRecord } from '../netsim/index.ts';

const SERVER = `import socket
s = socket.socket()
s.bind(('', 9000))
s.listen(1)
conn, addr = s.accept()
print('连接来自', addr[0])
with conn, conn.makefile('r', encoding='utf-8') as f:
    for line in f:
        conn.sendall(('回声: ' + line).encode('utf-8'))
print('客户端已关闭')
`;

const CLIENT = `import socket
c = socket.create_connection(('192.168.0.3', 9000))
for msg in ['你好', 'TCP']:
    c.sendall((msg + '\\n').encode('utf-8'))
    print(c.recv(100).decode('utf-8').strip())
c.close()
`;

describe('npx udp-lab run with TCP programs', () => {
  it('runs a TCP echo server and its client, and prints the handshake as [tcp] lines', async () => {
    const lines: string[] = [];
    const printer = new PlainPrinter(
      ['server.py', 'client.py'],
      (l) => lines.push(l),
      (l) => lines.push(l),
    );
    const result = await runScenario(
      {
        timeout: 30,
        lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
        hosts: [
          { name: 'pc1', kind: 'pc', ip: '192.168.0.3' },
          { name: 'pc2', kind: 'pc', ip: '192.168.0.4' },
        ],
        programs: [
          { name: 'server.py', code: SERVER, host: 'pc1' },
          { name: 'client.py', code: CLIENT, host: 'pc2' },
        ],
      },
      { time: 'virtual', onDatagram: (rec: DatagramRecord) => printer.datagram(rec) },
    );
    expect(result.programs.map((p) => [p.exitCode, p.stdout])).toEqual([
      [0, '连接来自 192.168.0.4\n客户端已关闭\n'],
      [0, '回声: 你好\n回声: TCP\n'],
    ]);
    const tcp = lines.filter((l) => l.startsWith('[tcp]')).map((l) => l.replace(/^\[tcp\] +[\d.]+s /, ''));
    expect(tcp.slice(0, 3).map((l) => l.replace(/:\d{5} /, ':EPH ').replace(/:\d{5}$/, ''))).toEqual([
      '192.168.0.4:EPH -> 192.168.0.3:9000 [SYN] Seq=0 Win=131072 Len=0 delivered',
      '192.168.0.3:9000 -> 192.168.0.4:EPH [SYN, ACK] Seq=0 Ack=1 Win=131072 Len=0 delivered',
      '192.168.0.4:EPH -> 192.168.0.3:9000 [ACK] Seq=1 Ack=1 Win=131072 Len=0 delivered',
    ]);
    expect(tcp.some((l) => l.includes('[FIN, ACK]'))).toBe(true);
    expect(lines.some((l) => l.startsWith('[udp]'))).toBe(false);
  }, 120_000);
});
