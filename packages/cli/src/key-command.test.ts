// Key commands: split without a shell, run with a timeout, never echoed.
import { describe, expect, it } from 'vitest';
import { KeyCommandError, runKeyCommand, splitKeyCommand } from './key-command.js';

const node = process.execPath;
const run = (argv: string[], timeoutMs = 30_000) => runKeyCommand(argv, { timeoutMs });

describe('key command', () => {
  it.each([
    ['pass show porthole', ['pass', 'show', 'porthole']],
    [
      '  vault  kv get  -field=key "secret/porthole prod" ',
      ['vault', 'kv', 'get', '-field=key', 'secret/porthole prod'],
    ],
    ["op read 'op://vault/porthole/key'", ['op', 'read', 'op://vault/porthole/key']],
    ['echo $(id); rm -rf ~', ['echo', '$(id);', 'rm', '-rf', '~']],
    ['tool ""', ['tool', '']],
  ])('splits %j without a shell', (command, argv) => {
    expect(splitKeyCommand(command)).toEqual(argv);
  });

  it.each([[''], ['   '], ['pass "show']])('refuses %j', (command) => {
    expect(() => splitKeyCommand(command)).toThrow(KeyCommandError);
  });

  it('returns the trimmed stdout as the key', async () => {
    await expect(run([node, '-e', 'process.stdout.write("phk_abc123\\n")'])).resolves.toBe(
      'phk_abc123',
    );
  });

  it('runs no shell: $(…) and ; reach the program as plain text', async () => {
    await expect(
      run([node, '-e', 'process.stdout.write(process.argv[1])', '$(id); echo hi']),
    ).resolves.toBe('$(id); echo hi');
  });

  it('fails with the program and exit code, never with what it printed', async () => {
    const err = await run([
      node,
      '-e',
      'process.stdout.write("phk_leaked"); process.exit(3)',
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyCommandError);
    expect((err as Error).message).toContain('exit code 3');
    expect((err as Error).message).toContain(JSON.stringify(node));
    expect((err as Error).message).not.toContain('phk_leaked');
  });

  it('fails clearly when the program is missing, prints nothing, or more than one line', async () => {
    await expect(run(['/nonexistent/porthole-key-helper'])).rejects.toThrow(
      /could not start \(ENOENT\)/,
    );
    await expect(run([node, '-e', ''])).rejects.toThrow(/printed no key/);
    await expect(run([node, '-e', 'console.log("a"); console.log("b")'])).rejects.toThrow(
      /more than one line/,
    );
  });

  it('gives up after its timeout', async () => {
    await expect(run([node, '-e', 'setTimeout(() => {}, 120000)'], 500)).rejects.toThrow(
      /gave no key within 0.5 s/,
    );
  }, 60_000);
});
