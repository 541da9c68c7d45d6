// Runs a context's key command (like a kubectl credential plugin): its stdout is the API key.
import { spawn } from 'node:child_process';

/** A key command cannot reach the gateway: why, without any of its output. */
export class KeyCommandError extends Error {
  override readonly name = 'KeyCommandError';
}

const MAX_KEY_BYTES = 64 * 1024;

/**
 * Split a key command string into an argv: words separated by blanks, '…' and "…" group words.
 * No shell runs it, so `$`, `;`, `|` and globs are plain characters, never features.
 */
export function splitKeyCommand(command: string): string[] {
  const argv: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) argv.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote) throw new KeyCommandError(`keyCommand has an unclosed ${quote}`);
  if (word !== null) argv.push(word);
  if (argv.length === 0) throw new KeyCommandError('keyCommand is empty');
  return argv;
}

/**
 * Run `argv` without a shell and return its trimmed stdout. Its stdin and stderr are the
 * terminal's, so a password prompt works; its stdout is never printed.
 */
export function runKeyCommand(
  argv: readonly string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<string> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new KeyCommandError('keyCommand is empty'));
  const name = JSON.stringify(file.slice(0, 80));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ['inherit', 'pipe', 'inherit'],
      env: options.env ?? process.env,
      shell: false,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: KeyCommandError | null = null;
    const timer = setTimeout(() => {
      failure = new KeyCommandError(
        `keyCommand ${name} gave no key within ${options.timeoutMs / 1000} s`,
      );
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_KEY_BYTES && !failure) {
        failure = new KeyCommandError(`keyCommand ${name} printed more than 64 KiB`);
        child.kill('SIGKILL');
      } else chunks.push(chunk);
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new KeyCommandError(`keyCommand ${name} could not start (${err.code ?? err.message})`),
      );
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code !== 0)
        return reject(
          new KeyCommandError(`keyCommand ${name} failed (${signal ?? `exit code ${code}`})`),
        );
      const key = Buffer.concat(chunks).toString('utf8').trim();
      if (!key) return reject(new KeyCommandError(`keyCommand ${name} printed no key`));
      if (/[\r\n]/.test(key))
        return reject(new KeyCommandError(`keyCommand ${name} printed more than one line`));
      resolve(key);
    });
  });
}
