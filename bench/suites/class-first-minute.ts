// A class's first minute: LEARNERS learners open a lesson through `udp-lab serve` on 127.0.0.1 at
// the same moment and Run its first PC program — a few in Chromium (real pages, real workers), the
// rest as HTTP clients fetching exactly the files a page fetched for its first PC Run (learned from
// one Chromium visit, each file once, with the Accept-Encoding Chromium sends on localhost).
// Measured: bytes served, the time until the last learner has its first output (Chromium) or
// every file (HTTP clients), and the relay process's CPU time and peak memory (/proc).
// UDPLAB_BENCH_BEFORE_DIST=DIR measures an older build the same way in the same run (the anchor).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../tests/support/browser.ts';
import { FIRST_PC_RUN, countingServer, firstPcRun } from '../lib/first-visit.ts';
import { newContext } from '../lib/page-context.ts';
import { installWorkerProbe, openPlayground, runAndTime } from '../lib/playground-driver.ts';
import type { Figure, Suite } from '../lib/results.ts';
import { REPO, ensureDist } from '../lib/site.ts';

const LEARNERS = 40;
const QUICK_LEARNERS = 10;
/** Learners driven through Chromium (the rest are HTTP clients). */
const BROWSER_LEARNERS = 2;
const QUICK_BROWSER_LEARNERS = 1;
const MB = 1_000_000;
/** The relay gzips the build in the background once it starts; the class waits that long first so its CPU is not counted. */
const GZIP_WAIT_MS = 3000;
/** Quick runs start the class at once (the relay's CPU figure then includes part of that gzip). */
const QUICK_GZIP_WAIT_MS = 0;
/** What Chromium 156 sends for a subresource on http://127.0.0.1. */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** The relay's CPU seconds (user + system) and resident memory, from /proc. */
function procSample(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { cpuSeconds: ticks / 100, rssMB: (kb('VmRSS') * 1024) / MB, hwmMB: (kb('VmHWM') * 1024) / MB };
}

/** Starts `udp-lab serve --root dir` on a free port; resolves once it answers. */
async function startRelay(root: string) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'relay-server/bin/udp-lab.js'), 'serve', '--root', root, '--port', String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-2000)));
  child.stderr.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-2000)));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`udp-lab serve exited: ${log}`);
    const ok = await fetch(origin + '/').then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { origin, child, pid: child.pid as number };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`udp-lab serve did not answer: ${log}`);
}

/** Connections a browser opens to one host over HTTP/1.1. */
const CONNECTIONS_PER_LEARNER = 6;

/**
 * Downloads `url` as a page would; resolves to the body bytes received.
 * @param agent the learner's connections
 */
function download(url: string, agent: http.Agent) {
  return new Promise<number>((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': ACCEPT_ENCODING }, agent }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url}: ${res.statusCode}`)),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * One class: every learner starts at once.
 * @param files paths a page fetched
 * @param perBrowser bytes one Chromium learner got
 */
async function classRun(
  browser: Browser,
  root: string,
  files: string[],
  perBrowser: number,
  { learners, browsers, gzipWaitMs }: { learners: number; browsers: number; gzipWaitMs: number },
) {
  const relay = await startRelay(root);
  try {
    await new Promise((r) => setTimeout(r, gzipWaitMs)); // the server's background gzip of the build
    const start = procSample(relay.pid);
    let peakRss = start.rssMB;
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, procSample(relay.pid).rssMB);
      } catch {
        // gone: the run fails below
      }
    }, 100);
    const t0 = performance.now();
    const chromium = Array.from({ length: browsers }, async () => {
      const context = await newContext(browser);
      await context.addInitScript(installWorkerProbe);
      try {
        const opened = await openPlayground(context, relay.origin + FIRST_PC_RUN.page);
        await runAndTime(opened.page, FIRST_PC_RUN.program, 'print("MARKER")');
        return performance.now() - t0;
      } finally {
        await context.close();
      }
    });
    const clients = Array.from({ length: learners - browsers }, async (_, i) => {
      // Each learner from its own address (127.0.0.2, …: all loopback on Linux), as each laptop has
      // its own in a classroom (the relay limits connections per address), with a browser's 6
      // connections; a page's order: the HTML first, then everything it and its workers fetch.
      const agent = new http.Agent({
        keepAlive: true,
        maxSockets: CONNECTIONS_PER_LEARNER,
        localAddress: `127.0.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}`,
      });
      try {
        let bytes = await download(relay.origin + (files[0] ?? '/'), agent);
        const rest = await Promise.all(files.slice(1).map((f) => download(relay.origin + f, agent)));
        for (const b of rest) bytes += b;
        return { ms: performance.now() - t0, bytes };
      } finally {
        agent.destroy();
      }
    });
    const [browserTimes, clientResults] = await Promise.all([Promise.all(chromium), Promise.all(clients)]);
    clearInterval(sampler);
    const end = procSample(relay.pid);
    return {
      lastBrowserMs: Math.max(...browserTimes),
      lastClientMs: Math.max(...clientResults.map((c) => c.ms)),
      bytes: clientResults.reduce((s, c) => s + c.bytes, 0) + browsers * perBrowser,
      cpuSeconds: end.cpuSeconds - start.cpuSeconds,
      peakRssMB: Math.max(peakRss, end.rssMB),
    };
  } finally {
    relay.child.kill();
  }
}

/** The paths one Chromium visit fetched for its first PC Run, HTML first, and its bytes. */
async function learnFiles(browser: Browser, root: string) {
  const served = await countingServer(root);
  try {
    const visit = await firstPcRun(browser, served);
    const paths = visit.files.map((f) => f.path).filter((p) => p !== FIRST_PC_RUN.page);
    return { files: [FIRST_PC_RUN.page, ...paths], bytes: visit.total };
  } finally {
    await served.close();
  }
}

export default {
  name: 'class-first-minute',
  title: "A class's first minute: learners opening a lesson and Running its first PC program at once",
  async run({ quick }) {
    const size = quick
      ? { learners: QUICK_LEARNERS, browsers: QUICK_BROWSER_LEARNERS, gzipWaitMs: QUICK_GZIP_WAIT_MS }
      : { learners: LEARNERS, browsers: BROWSER_LEARNERS, gzipWaitMs: GZIP_WAIT_MS };
    const dist = await ensureDist();
    const before = process.env['UDPLAB_BENCH_BEFORE_DIST'];
    const hasBefore = Boolean(before && existsSync(path.join(before, 'index.html')));
    const browser = await launchBrowser();
    try {
      const nowFiles = await learnFiles(browser, dist);
      const now = await classRun(browser, dist, nowFiles.files, nowFiles.bytes, size);
      let old = null;
      if (hasBefore && before) {
        const oldFiles = await learnFiles(browser, before);
        old = await classRun(browser, before, oldFiles.files, oldFiles.bytes, size);
      }
      const how =
        `${size.learners} learners at once on ${FIRST_PC_RUN.page} through \`udp-lab serve\` (its own process) on ` +
        `127.0.0.1: ${size.browsers} in Chromium (fresh contexts, Run clicked when the playground is interactive), ` +
        `${size.learners - size.browsers} HTTP clients fetching the ${nowFiles.files.length} files one Chromium visit ` +
        `fetched (HTML first, then all at once over 6 keep-alive connections, each learner from its own 127.x address, Accept-Encoding as Chromium sends it). Chromium learners' bytes ` +
        `are counted as one counted visit's (${(nowFiles.bytes / MB).toFixed(2)} MB).` +
        (old ? ` Anchor: ${before}, the same way in the same run.` : '');
      const fig = (
        figure: string,
        value: number,
        anchorValue: number | undefined,
        unit: string,
        line = 'The same class as above.',
      ): Figure => ({
        figure,
        value,
        unit,
        ...(old ? { anchor: 'anchor build', anchorValue } : {}),
        better: 'lower',
        how: line,
      });
      return [
        fig(
          `${size.learners} learners: bytes served`,
          now.bytes / MB,
          old ? old.bytes / MB : undefined,
          'MB',
          how,
        ),
        fig(
          `${size.learners} learners: last Chromium learner's first output`,
          now.lastBrowserMs,
          old?.lastBrowserMs,
          'ms',
        ),
        fig(
          `${size.learners} learners: last HTTP learner has every file`,
          now.lastClientMs,
          old?.lastClientMs,
          'ms',
        ),
        fig(
          `${size.learners} learners: relay CPU time`,
          now.cpuSeconds,
          old?.cpuSeconds,
          's',
          'User + system time of the `udp-lab serve` process (/proc/PID/stat) from the first request to the last learner, ' +
            (size.gzipWaitMs
              ? `after a ${size.gzipWaitMs / 1000} s wait for its background gzip of the build.`
              : 'started at once (quick run), so part of its background gzip of the build is in it.'),
        ),
        fig(
          `${size.learners} learners: relay peak resident memory`,
          now.peakRssMB,
          old?.peakRssMB,
          'MB',
          'VmRSS of the relay process sampled every 100 ms during the class (its compressed bodies are kept in memory, at most 128 MiB).',
        ),
      ];
    } finally {
      await browser.close();
    }
  },
} satisfies Suite;
