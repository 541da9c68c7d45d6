// stdout written once per event-loop turn. Under load several commands end in the same turn, each
// with its audit line: one write(2) for all of them instead of one each. Still synchronous and in
// order: nothing is handed to another thread, and a line is on its way before the next turn.
import { writeSync } from 'node:fs';

/** Slept on (1 ms at a time) while a non-blocking stdout (a full pipe) cannot take more. */
const pause = new Int32Array(new SharedArrayBuffer(4));

export class TurnWriter {
  private pending = '';
  /** The reader is gone (EPIPE): there is no one to write to any more. */
  private broken = false;

  constructor(private readonly fd: number) {
    // An exit mid-turn (process.exit, an uncaught exception) still writes what the turn logged.
    process.on('exit', this.flush);
  }

  write(line: string): void {
    if (this.broken) return;
    if (this.pending === '') setImmediate(this.flush);
    this.pending += line;
  }

  readonly flush = (): void => {
    if (this.pending === '') return;
    let bytes = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(writeSync(this.fd, bytes));
      } catch (err) {
        // As pino's own synchronous destination does: wait for a slow reader, never drop a line;
        // stop when the reader has gone (the store keeps the audit); fail on anything else.
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          this.broken = true;
          return;
        }
        if (code !== 'EAGAIN' && code !== 'EBUSY') throw err;
        Atomics.wait(pause, 0, 0, 1);
      }
    }
  };
}

let stdout: TurnWriter | undefined;

/** The process's one stdout writer: every logger of the process shares its turn. */
export function stdoutWriter(): TurnWriter {
  return (stdout ??= new TurnWriter(1));
}
