// A relay in its own process, for tests that must watch it from outside (its descriptors, whether it
// survives) or run it with other limits (`ulimit -n`, another user). Usage:
// `node --import tsx relay-child.ts '<RelayOptions as JSON>'`; prints `{"port":…,"pid":…}` on its first stdout line,
// then its JSON log lines on stderr; SIGTERM closes it.
import { createRelay } from '../src/server/server.ts';
import { createLogger } from '../src/relay/logger.ts';
import { loopbackOnlySockets } from './helpers.ts';

const options = JSON.parse(process.argv[2] ?? '{}');
const relay = await createRelay({
  host: '127.0.0.1',
  port: 0,
  udpHost: '127.0.0.1',
  publicAddress: '127.0.0.1',
  allowLoopback: true,
  logger: createLogger({ level: 'info', write: (line) => process.stderr.write(line + '\n') }),
  createSocket: loopbackOnlySockets().createSocket,
  ...options,
});
process.stdout.write(`${JSON.stringify({ port: relay.address().port, pid: process.pid })}\n`);
process.once('SIGTERM', () => void relay.close().then(() => process.exit(0)));
