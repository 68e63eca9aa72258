// HTTPS on the relay's one port: TLS connections are decrypted and handed to the HTTP server; a
// plain-HTTP connection (told apart by its first byte) is handed over as it is and gets pointed to https.
import tls from 'node:tls';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** First byte of every TLS connection: a handshake record. */
const TLS_HANDSHAKE = 0x16;

/**
 * Makes `server` (an http.Server, not yet listening) speak TLS with `cert`/`key` on its port, and
 * still accept plain HTTP there (`isEncrypted(req.socket)` tells the request handler which it is).
 * Every listener of 'connection' then sees the decrypted socket — the one `req.socket` is.
 * @param limits A connection that sends nothing this long is cut.
 */
export function acceptTls(
  server: Server,
  certificate: { cert: string | Buffer; key: string | Buffer },
  { firstByteTimeoutMs }: { firstByteTimeoutMs: number },
) {
  const secureContext = tls.createSecureContext({ cert: certificate.cert, key: certificate.key });
  /** Sockets already sorted: emitting 'connection' with them goes to the listeners. */
  const sorted = new WeakSet<Socket>();
  const emit = server.emit;
  server.emit = function (event: string | symbol, ...args: unknown[]) {
    const socket = args[0] as Socket;
    if (event !== 'connection' || sorted.has(socket)) return Reflect.apply(emit, server, [event, ...args]);
    sortConnection(socket);
    return true;
  } as typeof server.emit;

  function sortConnection(raw: Socket) {
    const timer = setTimeout(() => raw.destroy(), firstByteTimeoutMs);
    timer.unref();
    const fail = () => {
      clearTimeout(timer);
      raw.destroy();
    };
    raw.once('error', fail);
    raw.once('close', () => clearTimeout(timer));
    raw.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      raw.off('error', fail);
      raw.pause();
      raw.unshift(chunk);
      let socket: Socket = raw;
      if (chunk[0] === TLS_HANDSHAKE) {
        // Node hands the bytes already read from `raw` to the TLS layer before reading more.
        socket = new tls.TLSSocket(raw, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
      }
      sorted.add(socket);
      Reflect.apply(emit, server, ['connection', socket]);
      if (socket === raw) raw.resume();
    });
  }
}

/** Whether a request's socket carries TLS. */
export function isEncrypted(socket: Socket) {
  return socket instanceof tls.TLSSocket;
}
