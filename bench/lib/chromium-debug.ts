// Starts Debian's Chromium with a DevTools port for tools that attach by port (Lighthouse), with the
// same flags as the browser tests and a throw-away profile.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_FLAGS, chromiumPath } from '../../tests/support/browser.ts';

export async function startDebuggableChromium(): Promise<{
  port: number;
  pid: number;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'udp-lab-chromium-'));
  const child = spawn(
    chromiumPath(),
    [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    // Chromium's helper processes may still be writing into the profile for a moment after the
    // browser exits; a leftover temp folder must not fail the measurement.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (err) {
      console.warn(`bench: could not remove ${profile}: ${String(err)}`);
    }
  };
  // Chromium writes the port it chose to DevToolsActivePort in the profile.
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const port = Number(readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
      if (port > 0) return { port, pid: child.pid ?? 0, close };
    } catch {
      // not written yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`Chromium (${chromiumPath()}) did not open a DevTools port within 20 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
