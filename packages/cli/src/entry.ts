// What both executables share: run the CLI on this process's argv, streams and environment.
import { homedir } from 'node:os';
import { runCli } from './cli.js';

export function runAsProcess(options: { programName: string; execShorthand: boolean }): void {
  // A reader that stops early (`| head`) is not an error: stop quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    process.exit(err.code === 'EPIPE' ? 0 : 1);
  });
  runCli(process.argv.slice(2), {
    env: process.env,
    home: homedir(),
    stdout: process.stdout,
    stderr: process.stderr,
    ...options,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `${options.programName}: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exit(7);
    },
  );
}
