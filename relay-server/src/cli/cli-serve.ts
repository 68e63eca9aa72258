// `udp-lab serve`: the built course and the classroom relay on one port, with COOP/COEP headers.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createRelay,
  readExerciseCatalog,
  DEFAULT_TLS_DIR,
  ensureCertificate,
  readCertificate,
} from '../server/index.ts';
import { createLogger, generateToken, parseCidr } from '../relay/index.ts';
import { helpText, parseFlags } from './cli-flags.ts';
import { hostAddresses, pickLanInterface } from './network-interfaces.ts';
import { terminalQr } from './terminal-qr.ts';
import { lanCandidates } from './network-interfaces.ts';
import type { StoredCertificate, Relay } from '../server/index.ts';
import type { networkInterfaces } from 'node:os';

const DEFAULT_ROOT = fileURLToPath(new URL('../../../dist', import.meta.url));

/**
 * Builds the learners' join link: the class token travels in the fragment, which browsers never send to a server.
 */
export function joinLink(host: string, port: number, token: string, scheme: 'http' | 'https' = 'http') {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/#relay=${encodeURIComponent(token)}`;
}

/**
 * @param [io] Injected for tests.
 * @param [io.env] Default `process.env`.
 * @param [io.out] Default: standard output.
 * @param [io.err] Default: standard error.
 * @param [io.errIsTTY] Whether standard error is a terminal (the admin link is printed
 *   only there). Default `process.stderr.isTTY`.
 * @param [io.log] Where the JSON log lines go. Default: standard output.
 * @param [io.signal] Stops the server (besides SIGINT/SIGTERM).
 * @param [io.tlsDir] Where the self-signed certificate is kept. Default: env UDP_LAB_TLS_DIR, else ~/.udp-lab/tls/.
 */
export async function main(
  argv: string[],
  io: {
    env?: Record<string, string | undefined>;
    out?: (text: string) => void;
    err?: (text: string) => void;
    errIsTTY?: boolean;
    log?: (line: string) => void;
    signal?: AbortSignal;
    onListening?: (relay: Relay) => void;
    interfaces?: ReturnType<typeof networkInterfaces>;
    tlsDir?: string;
  } = {},
) {
  const {
    env = process.env,
    out = (t) => console.log(t),
    err = (t) => console.error(t),
    errIsTTY = process.stderr.isTTY === true,
  } = io;
  let flags;
  try {
    flags = parseFlags(argv, env);
  } catch (e) {
    err(`udp-lab serve: ${e instanceof Error ? e.message : e}\nRun "udp-lab serve --help" for the options.`);
    return 2;
  }
  if (flags.help) {
    out(helpText());
    return 0;
  }
  let lan;
  try {
    lan = pickLanInterface(flags.interface, io.interfaces);
  } catch (e) {
    err(`udp-lab serve: ${e instanceof Error ? e.message : e}`);
    return 2;
  }
  if (flags.lan && !lan) {
    err(
      'udp-lab serve: --lan found no IPv4 LAN interface. Connect to the classroom network, or name one with --interface.',
    );
    return 2;
  }
  const root = path.resolve(flags.root ?? DEFAULT_ROOT);
  if (!existsSync(path.join(root, 'index.html')))
    err(`udp-lab serve: ${root} has no index.html; run "npm run build" first. Serving the relay anyway.`);
  const host = flags.host ?? (flags.lan && lan ? lan.address : '127.0.0.1');
  // A token given as a flag sits in /proc/<pid>/cmdline, readable by every user of this computer.
  for (const [flag, variable] of [
    ['--token', 'UDP_LAB_TOKEN'],
    ['--admin-token', 'UDP_LAB_ADMIN_TOKEN'],
  ]) {
    if (argv.some((a) => a === flag || a.startsWith(`${flag}=`)))
      err(
        `udp-lab serve: warning: ${flag} is visible to every user of this computer (in the process list); set ${variable} instead.`,
      );
  }
  const token = flags.token ?? generateToken();
  const adminToken = flags.adminToken ?? generateToken();
  const logger = createLogger({
    level: flags.logLevel ?? 'info',
    ...(io.log ? { write: io.log } : {}),
  });
  // SharedArrayBuffer needs a secure context: plain http works on localhost only.
  const useTls = flags.noTls ? false : (flags.tls ?? (flags.lan === true || flags.tlsCert !== undefined));
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    err(
      'udp-lab serve: --tls-cert and --tls-key go together: give both files, or neither for a self-signed certificate.',
    );
    return 2;
  }
  let certificate: StoredCertificate | null = null;
  if (useTls) {
    try {
      certificate =
        flags.tlsCert !== undefined && flags.tlsKey !== undefined
          ? readCertificate(flags.tlsCert, flags.tlsKey)
          : await ensureCertificate({
              dir: io.tlsDir ?? env['UDP_LAB_TLS_DIR'] ?? DEFAULT_TLS_DIR,
              names: [
                'localhost',
                '127.0.0.1',
                ...lanCandidates(io.interfaces).map((c) => c.address),
                ...(flags.host && !['0.0.0.0', '::'].includes(flags.host) ? [flags.host] : []),
                ...(flags.publicAddress ? [flags.publicAddress] : []),
                ...(flags.allowHosts ?? []),
              ],
            });
    } catch (e) {
      err(`udp-lab serve: cannot set up https: ${e instanceof Error ? e.message : e}`);
      return 1;
    }
  }
  const {
    lan: _lan,
    interface: _if,
    root: _root,
    tls: _tls,
    noTls: _noTls,
    tlsCert: _tlsCert,
    tlsKey: _tlsKey,
    noQr,
    logLevel: _level,
    help: _help,
    ...relayFlags
  } = flags;
  // The course's exercises, when the relay runs from the course's folder: the class report then
  // accepts results for those ids only.
  const catalog = readExerciseCatalog();
  for (const why of catalog?.skipped ?? []) err(`udp-lab serve: exercise skipped: ${why}`);
  let relay;
  try {
    relay = await createRelay({
      exercises: catalog ? catalog.exercises : null,
      ...relayFlags,
      host,
      token,
      adminToken,
      staticRoot: root,
      subnets: lan ? [lan.cidr] : [],
      selfAddresses: hostAddresses(io.interfaces),
      publicAddress: flags.publicAddress ?? lan?.address ?? host,
      tls: certificate ? { cert: certificate.cert, key: certificate.key } : null,
      logger,
    });
  } catch (e) {
    err(`udp-lab serve: ${e instanceof Error ? e.message : e}`);
    return 1;
  }
  const { port, address } = relay.address();
  const shownHost = flags.lan ? relay.publicAddress : host;
  const scheme = certificate ? 'https' : 'http';
  const link = joinLink(shownHost, port, token, scheme);
  const reachable = [...(lan ? [parseCidr(lan.cidr).text] : []), ...(relayFlags.allow ?? [])];
  out(
    [
      `UDP Lab is being served at ${scheme}://${address.includes(':') ? `[${address}]` : address}:${port}/  (Ctrl-C to stop)`,
      `Relay: learners' real UDP ports live on ${relay.publicAddress}; they may reach ${reachable.join(', ') || 'no subnet (use --allow)'}.`,
      ...(certificate
        ? [
            certificate.names.length > 0
              ? `HTTPS: self-signed certificate ${certificate.created ? 'created' : 'reused'} (${certificate.certFile}) for ${certificate.names.join(', ')}.`
              : `HTTPS: certificate ${certificate.certFile}.`,
            `Its SHA-256 fingerprint (browsers show it under the warning's details): ${certificate.fingerprint256}`,
            ...(certificate.names.length > 0
              ? [
                  'Learners\' browsers warn once that it is not trusted: they choose "Advanced" then "Proceed" (高级 → 继续前往).',
                ]
              : []),
          ]
        : flags.lan
          ? [
              'Warning: plain http (--no-tls): learners on other computers cannot run Python (SharedArrayBuffer needs https).',
            ]
          : []),
      `Join link for learners (the class token is in the #fragment): ${link}`,
      ...(flags.lan && !noQr ? ['', terminalQr(link)] : []),
    ].join('\n'),
  );
  // The admin token goes to the terminal only: standard output also carries the JSON logs, which
  // end up in files and log collectors; standard error redirected to a file gets no token either.
  const dashboard = link.replace(/\/#relay=.*$/, '/admin');
  err(
    errIsTTY
      ? `Instructor dashboard: ${dashboard}#token=${encodeURIComponent(adminToken)}`
      : `Instructor dashboard: ${dashboard} (its token is printed only to a terminal: set UDP_LAB_ADMIN_TOKEN to choose it)`,
  );
  io.onListening?.(relay);
  await new Promise((resolve) => {
    const stop = () => resolve(undefined);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.signal?.addEventListener('abort', stop, { once: true });
  });
  await relay.close();
  return 0;
}
