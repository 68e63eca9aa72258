// @ts-check
// Gives a learner's socket a real UDP port on the relay host: the port asked for when free, else one from the range.
import dgram from 'node:dgram';

/** Bind errors after which another port is tried. */
const RETRYABLE = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);

/**
 * @template T
 */
export class PortMapper {
  /** Ports held by this relay, with whatever the owner attached (the relay socket). @type {Map<number, T>} */
  held = new Map();
  #host;
  #range;
  #createSocket;
  #maxTries;

  /**
   * @param {object} options
   * @param {string} options.host Address the sockets bind to.
   * @param {[number, number]} options.range Fallback port range, inclusive.
   * @param {(type: 'udp4') => dgram.Socket} [options.createSocket] Default `dgram.createSocket`.
   * @param {number} [options.maxTries] Kernel bind attempts in the range before giving up. Default 64.
   */
  constructor({ host, range, createSocket = (type) => dgram.createSocket(type), maxTries = 64 }) {
    this.#host = host;
    this.#range = range;
    this.#createSocket = createSocket;
    this.#maxTries = maxTries;
  }

  /**
   * Binds a real socket: to `preferred` when it is 1024 or above and free, else to a free port of
   * the range (starting at a random place, so sessions don't collide on the same guesses).
   * The port is recorded as held by `owner` until `release`.
   * @param {number} preferred 0 for "any".
   * @param {T} owner
   * @returns {Promise<{ socket: dgram.Socket, port: number } | null>} null when no port could be bound
   */
  async bind(preferred, owner) {
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

  /** @param {number} port */
  release(port) {
    this.held.delete(port);
  }

  /**
   * @param {number} port @param {T} owner
   * @returns {Promise<{ socket: dgram.Socket, port: number } | null>}
   */
  #tryBind(port, owner) {
    this.held.set(port, owner); // reserve while the kernel answers, so a concurrent bind skips it
    const socket = this.#createSocket('udp4');
    return new Promise((resolve, reject) => {
      /** @param {NodeJS.ErrnoException} err */
      const onError = (err) => {
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
