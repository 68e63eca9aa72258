// `udp-lab serve`: serves the built course on localhost with COOP/COEP headers.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createStaticHandler } from './static-files.js';

const HELP = `Usage: udp-lab serve [options]

Serves the built course (run "npm run build" first) with the headers that
make SharedArrayBuffer available.

Options:
  --host <addr>   Address to listen on (env UDP_LAB_HOST). Default 127.0.0.1
  --port <n>      Port to listen on, 0 for any free one (env UDP_LAB_PORT). Default 4321
  --root <dir>    Folder to serve (env UDP_LAB_ROOT). Default dist/
  -h, --help      Show this help`;

/** @param {string[]} argv */
export async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: process.env.UDP_LAB_HOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.UDP_LAB_PORT ?? '4321' },
      root: {
        type: 'string',
        default: process.env.UDP_LAB_ROOT ?? fileURLToPath(new URL('../../dist', import.meta.url)),
      },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`udp-lab serve: --port must be a whole number from 0 to 65535, got "${values.port}"`);
    return 2;
  }
  const server = http.createServer(createStaticHandler(values.root));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, values.host, () => resolve(undefined));
  });
  const addr = server.address();
  const shown = typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : String(addr);
  console.log(`UDP Lab is being served at http://${shown}/  (Ctrl-C to stop)`);
  await new Promise((resolve) => {
    const stop = () => server.close(() => resolve(undefined));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
