// The strict argv reader: pflag's spellings of known flags are accepted, everything else refused.
import { describe, expect, it } from 'vitest';
import type { FlagSpec } from './flags.js';
import { ArgvError, parseArgv } from './flags.js';

const SPECS: FlagSpec[] = [
  { name: 'namespace', short: 'n', kind: 'string' },
  { name: 'previous', short: 'p', kind: 'bool' },
  { name: 'tail', kind: 'string' },
];

describe('parseArgv', () => {
  it.each([
    [['pod'], ['pod'], {}],
    [['pod', '-n', 'x'], ['pod'], { namespace: 'x' }],
    [['-n=x', 'pod'], ['pod'], { namespace: 'x' }],
    [['pod', '--namespace', 'x'], ['pod'], { namespace: 'x' }],
    [['pod', '--namespace=x'], ['pod'], { namespace: 'x' }],
    [['pod', '-p'], ['pod'], { previous: true }],
    [['pod', '--previous=false'], ['pod'], { previous: false }],
    [['pod', '--tail=500'], ['pod'], { tail: '500' }],
    [['pod', '--tail='], ['pod'], { tail: '' }],
    [['--', '-n', 'x'], ['-n', 'x'], {}],
  ])('%j', (argv, positionals, flags) => {
    const parsed = parseArgv(argv, SPECS);
    expect(parsed.positionals).toEqual(positionals);
    expect(Object.fromEntries(parsed.flags)).toEqual(flags);
  });

  it.each([
    [['pod', '-f'], /unknown flag -f/],
    [['pod', '--follow'], /unknown flag --follow/],
    [['pod', '--kubeconfig=/x'], /unknown flag --kubeconfig/],
    [['pod', '-pn', 'x'], /combined short flags/],
    [['pod', '-n'], /needs a value/],
    [['pod', '-n', 'a', '-n', 'b'], /given twice/],
    [['pod', '--previous=maybe'], /invalid boolean/],
    [['pod\u0000'], /control character/],
    [['pod', '-n', 'a\nb'], /control character/],
    [[''], /empty argument/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgv(argv, SPECS)).toThrow(ArgvError);
    expect(() => parseArgv(argv, SPECS)).toThrow(message);
  });
});
