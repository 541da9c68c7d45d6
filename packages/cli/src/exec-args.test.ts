// How exec reads its cluster and command from the words it was given.
import { describe, expect, it } from 'vitest';
import { readExecWords, UsageError } from './exec-args.js';

/** What commander hands the action for `porthole <raw…>`: the operands, options removed. */
function read(raw: string[], words: string[], fallback?: string) {
  return readExecWords(words, ['exec', ...raw], fallback, 'cluster');
}

describe('exec words', () => {
  it.each([
    [['demo', '--', 'get', 'pods'], ['demo', '--', 'get', 'pods'], 'demo', ['get', 'pods']],
    [
      ['demo', 'get', 'pods', '-o', 'wide'],
      ['demo', 'get', 'pods', '-o', 'wide'],
      'demo',
      ['get', 'pods', '-o', 'wide'],
    ],
    [
      ['demo', 'get pods -A | grep x'],
      ['demo', 'get pods -A | grep x'],
      'demo',
      'get pods -A | grep x',
    ],
    [['-o', 'json', 'demo', '--', 'get', 'ns'], ['demo', '--', 'get', 'ns'], 'demo', ['get', 'ns']],
    [
      ['demo', 'exec', 'x', '--', 'sh'],
      ['demo', 'exec', 'x', '--', 'sh'],
      'demo',
      ['exec', 'x', '--', 'sh'],
    ],
  ])('porthole exec %j', (raw, words, target, command) => {
    expect(read(raw, words)).toEqual({ target, command });
  });

  it('uses the default cluster only when the command follows a leading --', () => {
    expect(read(['--', 'get', 'pods'], ['get', 'pods'], 'home')).toEqual({
      target: 'home',
      command: ['get', 'pods'],
    });
    // Without the `--` the first word is the cluster, default or not.
    expect(read(['get', 'pods'], ['get', 'pods'], 'home')).toEqual({
      target: 'get',
      command: 'pods',
    });
  });

  it.each([
    [[], [], /cluster and a kubectl command are needed/],
    [['demo'], ['demo'], /kubectl command is needed/],
    [['demo', '--'], ['demo', '--'], /kubectl command is needed/],
    [['--', 'get', 'pods'], ['get', 'pods'], /before "--"/],
    [
      ['demo', '--timeout', '5', '--', 'get'],
      ['demo', '--timeout', '5', '--', 'get'],
      /options go before/,
    ],
  ])('refuses porthole exec %j', (raw, words, message) => {
    expect(() => read(raw, words)).toThrow(UsageError);
    expect(() => read(raw, words)).toThrow(message);
  });
});
