// Gives a learner's socket a real UDP port on the relay host: the port asked for when free, else one from the range.
import dgram from 'node:dgram';

/** Bind errors after which another port is tried. */
const RETRYABLE = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);

/** `T`: what the owner attaches to a held port (the relay socket). */
export class PortMapper<T> {
  /** Ports held by this relay, with whatever the owner attached (the relay socket). */
  held: Map<number, T> = new Map();
  #host;
  #range;
  #createSocket;
  #maxTries;

  constructor({
    host,
    range,
    createSocket = (type) => dgram.createSocket(type),
    maxTries = 64,
  }: {
    /** Address the sockets bind to. */
    host: string;
    /** Fallback port range, inclusive. */
    range: [number, number];
    /** Default `dgram.createSocket`. */
    createSocket?: (type: 'udp4') => dgram.Socket;
    /** Kernel bind attempts in the range before giving up. Default 64. */
    maxTries?: number;
  }) {
    this.#host = host;
    this.#range = range;
    this.#createSocket = createSocket;
    this.#maxTries = maxTries;
  }

  /**
   * Binds a real socket: to `preferred` when it is 1024 or above and free, else to a free port of
   * the range (starting at a random place, so sessions don't collide on the same guesses).
   * The port is recorded as held by `owner` until `release`.
   * @param preferred 0 for "any".
   * @returns null when no port could be bound
   */
  async bind(preferred: number, owner: T): Promise<{ socket: dgram.Socket; port: number } | null> {
    if (preferred >= 1024 && !this.held.has(preferred)) {
      const got = await this.#tryBind(preferred, owner);
      if (got) return got;
    }
    const [lo, hi] = this.#range;
    const size = hi - lo + 1;
    const start = Math.floor(Math.random() * size);
    let tries = 0;
    for (let i = 0; i < size && tries < this.#maxTries; i++) {
      const port = lo + ((start + i) % size);
      if (this.held.has(port)) continue;
      tries++;
      const got = await this.#tryBind(port, owner);
      if (got) return got;
    }
    return null;
  }

  release(port: number) {
    this.held.delete(port);
  }

  #tryBind(port: number, owner: T): Promise<{ socket: dgram.Socket; port: number } | null> {
    this.held.set(port, owner); // reserve while the kernel answers, so a concurrent bind skips it
    const socket = this.#createSocket('udp4');
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        this.held.delete(port);
        socket.close();
        if (RETRYABLE.has(err.code ?? '')) resolve(null);
        else reject(err);
      };
      socket.once('error', onError);
      socket.bind({ port, address: this.#host, exclusive: true }, () => {
        socket.off('error', onError);
        resolve({ socket, port });
      });
    });
  }
}
