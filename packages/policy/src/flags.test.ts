// pflag parity of the flag parser: shorthand combinations, values, booleans, lists, `--`.
import { describe, expect, it } from 'vitest';
import { flagSet, isDenial, parseFlags } from './flags.js';

const SET = flagSet('test', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'all-namespaces', short: 'A', kind: 'bool' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'previous', short: 'p', kind: 'bool' },
  { long: 'label-columns', short: 'L', kind: 'list' },
  { long: 'show-labels', kind: 'bool' },
]);

type Parsed = {
  values: Record<string, string>;
  lists: Record<string, string[]>;
  positionals: string[];
};

function run(args: string[]): Parsed | string {
  const r = parseFlags(SET, args);
  if (isDenial(r)) return `${r.rule}: ${r.message}`;
  return {
    values: Object.fromEntries(r.values),
    lists: Object.fromEntries(r.lists),
    positionals: r.positionals,
  };
}

describe('parseFlags', () => {
  it.each<[string[], Parsed]>([
    [['-n', 'x'], { values: { namespace: 'x' }, lists: {}, positionals: [] }],
    [['-nx'], { values: { namespace: 'x' }, lists: {}, positionals: [] }],
    [['-n=x'], { values: { namespace: 'x' }, lists: {}, positionals: [] }],
    [['-n='], { values: { namespace: '=' }, lists: {}, positionals: [] }],
    [['-n', '--token'], { values: { namespace: '--token' }, lists: {}, positionals: [] }],
    [['-n', '--'], { values: { namespace: '--' }, lists: {}, positionals: [] }],
    [['--namespace=x'], { values: { namespace: 'x' }, lists: {}, positionals: [] }],
    [['--namespace', 'x'], { values: { namespace: 'x' }, lists: {}, positionals: [] }],
    [['--namespace='], { values: { namespace: '' }, lists: {}, positionals: [] }],
    [
      ['-Aowide'],
      { values: { 'all-namespaces': 'true', output: 'wide' }, lists: {}, positionals: [] },
    ],
    [
      ['-Ao', 'json'],
      { values: { 'all-namespaces': 'true', output: 'json' }, lists: {}, positionals: [] },
    ],
    [
      ['-Ap'],
      { values: { 'all-namespaces': 'true', previous: 'true' }, lists: {}, positionals: [] },
    ],
    [['-A=false'], { values: { 'all-namespaces': 'false' }, lists: {}, positionals: [] }],
    [
      ['-pA=0'],
      { values: { previous: 'true', 'all-namespaces': 'false' }, lists: {}, positionals: [] },
    ],
    [['--all_namespaces'], { values: { 'all-namespaces': 'true' }, lists: {}, positionals: [] }],
    [['--show-labels=T'], { values: { 'show-labels': 'true' }, lists: {}, positionals: [] }],
    [['--show-labels', 'x'], { values: { 'show-labels': 'true' }, lists: {}, positionals: ['x'] }],
    [
      ['-L', 'a,b', '-Lc', '--label-columns=d'],
      { values: {}, lists: { 'label-columns': ['a', 'b', 'c', 'd'] }, positionals: [] },
    ],
    [['a', '-', 'b'], { values: {}, lists: {}, positionals: ['a', '-', 'b'] }],
    [['a', '--', '-n', 'x'], { values: {}, lists: {}, positionals: ['a', '-n', 'x'] }],
  ])('%j', (args, expected) => {
    expect(run(args)).toEqual(expected);
  });

  it.each<[string[], RegExp]>([
    [['-n'], /^flag: flag -n\/--namespace needs a value$/],
    [['--namespace'], /^flag: flag --namespace needs a value$/],
    [['-n', 'a', '-n', 'b'], /^flag: flag -n\/--namespace is given more than once$/],
    [['-A='], /^flag: in "-A=", "=" is not a flag$/],
    [['-A=yes'], /^flag: flag --all-namespaces takes only true or false$/],
    [['--show-labels='], /^flag: flag --show-labels takes only true or false$/],
    [['-Ak'], /^flag: flag "-k" \(read from "-Ak"\) is not allowed for test: reading or writing/],
    [['-x'], /^flag: flag "-x" is not allowed for test \(allowed: -n\/--namespace, /],
    [['--nope=1'], /^flag: flag "--nope" is not allowed for test \(allowed: /],
    [['--token=abc'], /^flag: flag "--token" is not allowed for test: it selects credentials/],
    [['-stoken'], /^flag: flag "-s" \(read from "-s\.\.\."\) is not allowed/],
    [['---n'], /^flag: flag "---n" is not allowed/],
  ])('%j is refused', (args, message) => {
    expect(run(args)).toMatch(message);
  });
});
