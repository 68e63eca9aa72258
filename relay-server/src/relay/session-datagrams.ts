// A datagram from the browser, checked in a fixed order: frame, policy, quotas, socket — then sent or delivered inside the relay.
import { decodeDatagram, allowedBy } from '../protocol/index.ts';
import type { Session } from './session.ts';

/** Datagrams held per socket while its implicit bind completes; more are dropped. */
const MAX_WAITING = 64;

/** @param bytes one binary frame */
export function handleDatagram(session: Session, bytes: Uint8Array) {
  const { config, policy, mapper, logger, relayBucket, relayBytes, publicAddress } = session.ctx;
  const decoded = decodeDatagram(bytes, config.maxDatagram);
  if (!decoded.ok) return session.fail(decoded.code, { socket: decoded.socket, detail: decoded.detail });
  const d = decoded.datagram;

  const verdict = policy.checkDestination(d.ip, d.port, (port) => mapper.held.has(port));
  if (!verdict.ok) {
    session.denials++;
    const peer = `${verdict.address}:${d.port}`;
    const allow = allowedBy(verdict.reason);
    const from = session.sockets.get(d.socket);
    session.noteTraffic({
      dir: 'out',
      fate: 'denied',
      reason: verdict.reason,
      from: from ? `${publicAddress}:${from.relayPort}` : null,
      to: peer,
      size: d.payload.length,
      payload: d.payload,
    });
    logger.once(`deny:${session.id}:${verdict.reason}`, 'warn', 'datagram.denied', {
      session: session.id,
      socket: d.socket,
      peer,
      reason: verdict.reason,
      allowedBy: allow,
    });
    return session.fail(verdict.code, {
      socket: d.socket,
      reason: verdict.reason,
      peer,
      allow,
      detail: `${peer} (${verdict.reason}${allow ? `; the relay allows it with ${allow}` : ''})`,
    });
  }

  const key = `${verdict.address}:${d.port}`;
  if (!session.destinations.has(key)) {
    if (session.destinations.size >= config.maxDestinations) {
      return session.fail('RELAY_ERR_TOO_MANY_DESTINATIONS', {
        socket: d.socket,
        peer: key,
        detail: `limit ${config.maxDestinations}`,
      });
    }
    session.destinations.add(key);
  }

  // Waiting for this socket's bind: keep the frame (already checked) and replay it when bound.
  const waiting = session.binding.get(d.socket);
  if (waiting) {
    session.destinations.delete(key); // re-added when replayed
    if (waiting.length < MAX_WAITING) waiting.push(bytes.slice());
    else session.drops.backpressure++;
    return;
  }

  const sock = session.sockets.get(d.socket);
  if (!sock) {
    // Implicit bind on first sendto: bind any port; this frame waits and is replayed through here.
    session.destinations.delete(key);
    if (session.sockets.size + session.binding.size >= config.maxSocketsPerSession) {
      return session.fail('RELAY_ERR_TOO_MANY_SOCKETS', {
        socket: d.socket,
        detail: `limit ${config.maxSocketsPerSession}`,
      });
    }
    void session.bind(d.socket, 0, true, null);
    session.binding.get(d.socket)?.push(bytes.slice());
    return;
  }
  // Quotas: the session's, then its client address's (all its tabs together), then the relay's
  // (the whole class). Taken only when every one of them has room.
  const size = d.payload.length;
  const usage = session.usage;
  if (!(session.packets.available >= 1 && session.bytes.available >= size)) {
    session.drops.rate++;
    return session.fail('RELAY_ERR_RATE_LIMIT', { socket: d.socket, oncePerSecond: true });
  }
  if (!(usage.packets.available >= 1 && usage.bytes.available >= size)) {
    session.drops.rate++;
    return session.fail('RELAY_ERR_RATE_LIMIT', {
      socket: d.socket,
      oncePerSecond: true,
      detail: 'limit for all tabs of this computer together',
    });
  }
  if (!(relayBucket.available >= 1 && relayBytes.available >= size)) {
    session.drops.rate++;
    return session.fail('RELAY_ERR_RELAY_BUSY', { socket: d.socket, oncePerSecond: true, violation: false });
  }

  session.packets.take(1);
  session.bytes.take(size);
  usage.packets.take(1);
  usage.bytes.take(size);
  relayBucket.take(1);
  relayBytes.take(size);

  if (verdict.internal) {
    const target = mapper.held.get(d.port);
    sock.notePeer(verdict.address, d.port, d.payload.length);
    // Source as the kernel would show it: the address the sender used, the sender's real port.
    const payload = d.payload.slice();
    const delivered = target ? target.receive(verdict.address, sock.relayPort, payload, true) : false;
    session.noteTraffic({
      dir: 'internal',
      fate: delivered ? 'relayed' : 'refused',
      from: `${publicAddress}:${sock.relayPort}`,
      to: key,
      size: payload.length,
      payload,
      ...(target ? { toLearner: target.owner.learner } : {}),
    });
    return;
  }
  sock.send(verdict.address, d.port, d.payload);
  session.noteTraffic({
    dir: 'out',
    fate: 'relayed',
    from: `${publicAddress}:${sock.relayPort}`,
    to: key,
    size: d.payload.length,
    payload: d.payload,
  });
}
