// refused-hint.ts: which program gets the "server not running yet" hint, when, and how often.
import { describe, expect, it } from 'vitest';
import type { DatagramRecord } from '../runtime/netsim/index.ts';
import type { ProcessState, PythonProcess } from '../runtime/python/index.ts';
import { RefusedHint, recvLine } from './refused-hint.ts';

const t = (key: string, vars?: Readonly<Record<string, string | number>>) =>
  vars?.['line'] === undefined ? key : `${key}@${vars['line']}`;

/** Just what RefusedHint reads of a process: state, blockedOn, ports, state changes, exit. */
function fakeProcess(ports: number[]) {
  const listeners = new Set<(s: ProcessState) => void>();
  let exit!: () => void;
  const proc = {
    state: 'running' as ProcessState,
    blockedOn: null as string | null,
    localPorts: () => ports,
    onStateChange: (cb: (s: ProcessState) => void) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    exited: new Promise<{ exitCode: number }>((resolve) => (exit = () => resolve({ exitCode: 0 }))),
  };
  const set = (state: ProcessState, blockedOn: string | null = null) => {
    proc.state = state;
    proc.blockedOn = blockedOn;
    for (const cb of [...listeners]) cb(state);
  };
  return { proc: proc as unknown as PythonProcess, set, exit: () => exit() };
}

const refused = (from: string, port: number): DatagramRecord => ({
  id: 1,
  copy: 0,
  t: 0,
  lan: 'lo:pc',
  src: ['127.0.0.1', port],
  dst: ['127.0.0.1', 10000],
  size: 3,
  payload: new Uint8Array(3),
  fate: 'refused',
  from,
});

describe('recvLine', () => {
  it('names the only recv/recvfrom call, skipping comments', () => {
    expect(recvLine('import socket\n# s.recvfrom(1) in a comment\ndata, a = s.recvfrom(1024)\n')).toBe(3);
    expect(recvLine('x = s.recv (10)\n')).toBe(1);
  });
  it('names none when there are two calls or none', () => {
    expect(recvLine('a = s.recvfrom(1)\nb = s.recvfrom(1)\n')).toBeNull();
    expect(recvLine('print(1)\n')).toBeNull();
  });
});

describe('RefusedHint', () => {
  it('hints once, to the sender only, when it waits in recvfrom after the refusal', () => {
    const hints = new RefusedHint(t);
    const client = fakeProcess([50000]);
    const server = fakeProcess([9999]);
    const said: Record<string, string[]> = { client: [], server: [] };
    hints.watch(client.proc, 'pc', 'data = s.recvfrom(1024)\n', (x) => said['client']?.push(x));
    hints.watch(server.proc, 'pc', 'a\nb = s.recvfrom(9)\n', (x) => said['server']?.push(x));
    server.set('blocked', 'socket.recvfrom');
    hints.datagram(refused('pc', 50000));
    expect(said['client']).toEqual([]); // still running: its own output may come first
    client.set('blocked', 'socket.recvfrom');
    client.set('running');
    client.set('blocked', 'socket.recvfrom');
    hints.datagram(refused('pc', 50000));
    expect(said['client']).toEqual(['\x1b[33mplayground.hint.refusedAt@1\x1b[0m\r\n']);
    expect(said['server']).toEqual([]);
  });

  it('says nothing for a wait that is not recvfrom, for another host, or for a delivered datagram', () => {
    const hints = new RefusedHint(t);
    const p = fakeProcess([50000]);
    const said: string[] = [];
    hints.watch(p.proc, 'pc', 'a = s.recvfrom(1)\nb = s.recvfrom(1)\n', (x) => said.push(x));
    hints.datagram({ ...refused('pc', 50000), fate: 'delivered' });
    hints.datagram(refused('board', 50000));
    p.set('blocked', 'time.sleep');
    expect(said).toEqual([]);
    hints.datagram(refused('pc', 50000));
    expect(said).toEqual([]);
    p.set('blocked', 'socket.recvfrom');
    expect(said).toEqual(['\x1b[33mplayground.hint.refused\x1b[0m\r\n']);
  });
});
