// The `udp-lab` command: dispatches to `serve` (course + relay), `run` (headless Python runner) or
// `check`. bin/udp-lab.js runs it compiled (tools/compile-cli.ts) or under tsx; the dynamic
// imports stay literals, so that the compiled form includes what each command loads.

const [command, ...rest] = process.argv.slice(2);

const USAGE = `Usage: udp-lab <command> [options]

Commands:
  serve   Serve the built course (dist/) and the classroom UDP relay on one port
  run     Run Python programs on the virtual UDP network, headless
  check   Check your program against an exercise (check --list shows them)

Run "udp-lab <command> --help" for a command's options.`;

async function main() {
  switch (command) {
    case 'serve': {
      const { main: serve } = await import('./cli-serve.ts');
      return serve(rest);
    }
    case 'run':
    case 'check': {
      // The commands are TypeScript shared with the browser (site/runtime/cli/), checked by its own
      // tsconfig: `as string` keeps this one's tsc out of it, while esbuild still bundles the literal.
      const { runCommand, checkCommand } = await import('../../../site/runtime/cli/index.ts' as string);
      return command === 'run' ? runCommand(rest) : checkCommand(rest);
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`udp-lab: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
  },
);

export {}; // an ES module, which bin/udp-lab.js imports
