// Public entry of the `udp-lab` commands that run on the simulator (Node): `run` and `check`.
// Each command's modules load only when it is called, so `udp-lab run` does not load the checker.

export { UsageError } from './run-args.ts';
export { PlainPrinter, exitStatus, toJson } from './run-output.ts';

/** Where a command writes; tests pass their own. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `udp-lab run ARGS…`: resolves with the exit status. */
export async function runCommand(argv: string[], io?: CommandIo): Promise<number> {
  const { main } = await import('./run-command.ts');
  return main(argv, io);
}

/** `udp-lab check ARGS…`: resolves with the exit status. */
export async function checkCommand(argv: string[], io?: CommandIo): Promise<number> {
  const { main } = await import('./check-command.ts');
  return main(argv, io);
}
