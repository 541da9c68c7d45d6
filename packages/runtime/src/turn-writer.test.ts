// The stdout writer: a turn's lines leave together when the turn ends, in order, and an exit in
// the middle of a turn still writes them.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnWriter } from './turn-writer.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnWriter', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function file() {
    const dir = mkdtempSync(join(tmpdir(), 'turn-writer-'));
    dirs.push(dir);
    const path = join(dir, 'out');
    return { path, fd: openSync(path, 'w') };
  }

  it('writes the lines of a turn together when the turn ends, in order', async () => {
    const { path, fd } = file();
    const writer = new TurnWriter(fd);
    writer.write('one\n');
    writer.write('two\n');
    writer.write('three ünïcode\n');
    expect(readFileSync(path, 'utf8')).toBe('');
    await nextTurn();
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\nthree ünïcode\n');
    writer.write('four\n');
    await nextTurn();
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\nthree ünïcode\nfour\n');
    closeSync(fd);
  });

  it('writes what a turn logged when the process exits in it', () => {
    const logger = new URL('../dist/index.js', import.meta.url).href;
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { createLogger } = await import(${JSON.stringify(logger)});
         createLogger('t').info('before the crash');
         throw new Error('crash');`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(run.stderr).toContain('crash');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('before the crash');
  });
});
