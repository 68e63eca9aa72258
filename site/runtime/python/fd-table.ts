// A program's own socket numbers (3, 4, … as fileno() shows on Linux), mapped to its host's.
import { SyscallError } from './errors.ts';
import type { Host } from './types.ts';

export class FdTable {
  readonly #host: Host;
  readonly #max: number;
  readonly #fds = new Map<number, number>();
  /**
   * Program fds whose non-blocking connect answered EINPROGRESS (Linux's SS_CONNECTING), with
   * the handshake's errno name once it failed (what SO_ERROR and the next connect report).
   */
  readonly connecting = new Map<number, string | null>();

  /** @param max Open sockets allowed; one more raises EMFILE (Too many open files). */
  constructor(host: Host, max: number) {
    this.#host = host;
    this.#max = max;
  }

  /**
   * A new socket on the host; returns the program's fd (the lowest free from 3, as Linux). UDP
   * and TCP sockets, and connections `accept` made, count against the same limit.
   */
  open(type: 'SOCK_DGRAM' | 'SOCK_STREAM' = 'SOCK_DGRAM'): number {
    this.assertRoom();
    return this.adopt(this.#host.socket('AF_INET', type));
  }

  /** EMFILE when the program holds its limit of sockets (accept checks before taking one). */
  assertRoom(): void {
    if (this.#fds.size >= this.#max) throw new SyscallError('EMFILE');
  }

  /** Give a host socket made elsewhere (an accepted connection) the program's lowest free fd. */
  adopt(hostFd: number): number {
    let fd = 3;
    while (this.#fds.has(fd)) fd++;
    this.#fds.set(fd, hostFd);
    return fd;
  }

  /** The host's fd for the program's `fd`, or EBADF. */
  host(fd: unknown): number {
    const hostFd = typeof fd === 'number' ? this.#fds.get(fd) : undefined;
    if (hostFd === undefined) throw new SyscallError('EBADF');
    return hostFd;
  }

  has(fd: number): boolean {
    return this.#fds.has(fd);
  }

  close(fd: unknown): void {
    const hostFd = this.host(fd);
    this.#fds.delete(fd as number);
    this.connecting.delete(fd as number);
    this.#host.close(hostFd);
  }

  /** The local ports of the program's bound sockets (0 for a socket not bound yet is left out). */
  localPorts(): number[] {
    const ports: number[] = [];
    for (const hostFd of this.#fds.values()) {
      try {
        const port = this.#host.getsockname(hostFd)[1];
        if (port !== 0) ports.push(port);
      } catch {
        // the host was removed from the network meanwhile
      }
    }
    return ports;
  }

  /** Close everything (the program ended); errors of a host already gone are ignored. */
  closeAll(): void {
    for (const hostFd of this.#fds.values()) {
      try {
        this.#host.close(hostFd);
      } catch {
        // the host was removed from the network meanwhile
      }
    }
    this.#fds.clear();
    this.connecting.clear();
  }
}
