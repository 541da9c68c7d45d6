// Flags before the verb: kubectl's spellings of -n (and -A) are read as if written after it; everything else is refused as after it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import type { DenyRule } from './index.js';

type Expected =
  /** The same decision as this command (allowed or not). */
  | { as: string | string[] }
  | {
      kind: 'invalid_request' | 'command_denied';
      rule: DenyRule;
      unauthorized: boolean;
      message?: RegExp;
    };

const as = (c: string | string[]): Expected => ({ as: c });
const refused = (
  kind: 'invalid_request' | 'command_denied',
  rule: DenyRule,
  unauthorized: boolean,
  message?: RegExp,
): Expected => ({ kind, rule, unauthorized, ...(message ? { message } : {}) });

const ROWS: [command: string | string[], expected: Expected, why: string][] = [
  // -n and -A in every spelling kubectl (pflag) reads
  ['-n shop get pods', as('get pods -n shop'), 'short, separate value'],
  ['--namespace=shop get pods', as('get pods -n shop'), 'long with ='],
  ['--namespace shop get pods', as('get pods -n shop'), 'long, separate value'],
  ['-nshop get pods', as('get pods -n shop'), 'short, attached value'],
  ['-n=shop get pods', as('get pods -n shop'), 'short with ='],
  ['kubectl -n shop get pods', as('get pods -n shop'), 'after a leading kubectl'],
  [['kubectl', '-n', 'shop', 'get', 'pods'], as('get pods -n shop'), 'argv form'],
  ['-A get pods', as('get pods -A'), '-A'],
  ['--all-namespaces get pods', as('get pods -A'), 'long -A'],
  ['-A=true get pods', as('get pods -A'), '-A=true (kubectl runs this one too)'],
  ['--all_namespaces get pods', as('get pods -A'), 'underscore spelling'],
  ['-A=false get pods', as('get pods'), '-A=false is no -A'],
  ['-n shop describe pod web-1', as('describe pod web-1 -n shop'), 'describe'],
  ['-n shop logs web-1 --tail=10', as('logs web-1 -n shop --tail=10'), 'logs'],
  ['-A events --types=Warning', as('events -A --types=Warning'), 'events'],
  ['-n shop top pod', as('top pod -n shop'), 'top pod'],
  ['top -n shop pod', as('top pod -n shop'), 'between top and its subcommand, as kubectl'],
  ['-A top pod', as('top pod -A'), '-A for top pod'],
  ['-n shop top node', as('top node'), '-n dropped for nodes, as after'],
  [
    'rollout -n shop history deploy/web',
    as('rollout history deploy/web -n shop'),
    'rollout, as kubectl',
  ],
  ['-n shop rollout status deploy/web', as('rollout status deploy/web -n shop'), 'rollout status'],
  ['-n kube-system cluster-info', as('cluster-info -n kube-system'), 'cluster-info'],
  ['-n shop api-resources', as('api-resources -n shop'), 'dropped where kubectl ignores it'],
  ['-n shop get pods -- web-1', as('get pods web-1 -n shop'), 'before the verb and a -- after it'],
  ['-n shop -A get pods', as('get pods -n shop -A'), '-n with -A: refused as after'],
  // refused exactly as after the verb
  ['--token=x get pods', as('get pods --token=x'), 'token'],
  ['--kubeconfig /x get pods', as('get pods --kubeconfig /x'), 'kubeconfig with a separate value'],
  ['-s https://evil get pods', as('get pods -s https://evil'), 'server shorthand'],
  ['-shttps://evil get pods', as('get pods -shttps://evil'), 'server shorthand, attached'],
  ['--as=admin get pods', as('get pods --as=admin'), 'impersonation'],
  ['--as-group system:masters get pods', as('get pods --as-group system:masters'), 'group'],
  ['--context prod -n shop get pods', as('get pods --context prod -n shop'), 'context then -n'],
  ['-n shop --user=admin get pods', as('get pods -n shop --user=admin'), '-n then user'],
  ['--insecure-skip-tls-verify get pods', as('get pods --insecure-skip-tls-verify'), 'boolean'],
  ['-v=9 get pods', as('get pods -v=9'), 'verbosity'],
  ['-kubeconfig get pods', as('get pods -kubeconfig'), '-k with a value'],
  ['-w get pods', as('get pods -w'), 'watch'],
  ['-A logs web-1', as('logs web-1 -A'), 'a flag the verb does not allow'],
  ['-A top node', as('top node -A'), '-A for nodes'],
  ["-o 'go-template={{.x}}' get pods", as("get pods -o 'go-template={{.x}}'"), 'a refused format'],
  ['-n shop rollout -w status deploy/web', as('rollout status deploy/web -n shop -w'), 'watch'],
  ['-n a get pods -n b', as('get pods -n a -n b'), '-n twice across positions: refused'],
  ['-n a -n b get pods', as('get pods -n a -n b'), '-n twice before the verb: refused'],
  ['--namespace=a get pods -na', as('get pods -n a -n a'), 'even with the same value'],
  // refused before the verb only
  [
    '-o json get pods',
    refused(
      'invalid_request',
      'syntax',
      false,
      /^flags such as "-o\/--output" go after "get"; only -n\/--namespace and -A\/--all-namespaces may come before it$/,
    ),
    'verb flags go after the verb',
  ],
  [
    '-l app=web get pods',
    refused('invalid_request', 'syntax', false, /"-l\/--selector" go after/),
    'selector',
  ],
  ['--show-labels get pods', refused('invalid_request', 'syntax', false), 'boolean verb flag'],
  [
    '--revision=2 rollout history deploy/web',
    refused(
      'invalid_request',
      'syntax',
      false,
      /go after "rollout history"; only -n\/--namespace may/,
    ),
    'rollout has no -A',
  ],
  [
    '-- get pods',
    refused('invalid_request', 'syntax', false, /^"--" before the verb/),
    'kubectl prints help',
  ],
  ['-n shop -- get pods', refused('invalid_request', 'syntax', false), '-- after -n'],
  ['-n shop', refused('invalid_request', 'verb', false, /no verb/), 'no verb'],
  [
    '--token=x',
    refused('command_denied', 'flag', true, /^flag "--token" is not allowed: it selects/),
    'no verb',
  ],
  [
    '-n get pods',
    refused('command_denied', 'verb', false, /^verb "pods"/),
    '-n takes get, as in kubectl',
  ],
  ['-n shop delete pod x', refused('command_denied', 'verb', true, /"delete"/), 'write verb'],
  ['--token=x delete pod x', refused('command_denied', 'verb', true, /"delete"/), 'verb first'],
  ['--token=x gett pods', refused('command_denied', 'verb', true), 'a typo, but with a token'],
  [
    ['-n', 'sh\u0001op', 'get', 'pods'],
    refused('invalid_request', 'syntax', true, /U\+0001/),
    'control',
  ],
  ['-n shop\u0007 get pods', refused('invalid_request', 'syntax', true, /U\+0007/), 'bell'],
  [
    '-n \u2014token get pods',
    refused('invalid_request', 'syntax', true, /U\+2014/),
    'em dash token',
  ],
  [
    '--namespace=sh$op get pods',
    refused('invalid_request', 'syntax', true, /"\$"/),
    'substitution',
  ],
];

describe('flags before the verb', () => {
  it('has at least 30 rows, attacks among them', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ROWS.map((r) => [JSON.stringify(r[0]), r[2], r] as const))('%s (%s)', (_c, _why, row) => {
    const [command, expected] = row;
    const d = evaluate(command);
    if ('as' in expected) {
      expect(d).toEqual(evaluate(expected.as));
      return;
    }
    expect(d).toMatchObject({
      allowed: false,
      kind: expected.kind,
      rule: expected.rule,
      unauthorized: expected.unauthorized,
    });
    if (!d.allowed && expected.message) expect(d.message).toMatch(expected.message);
  });

  it('moved after the verb, a refused flag is refused for the same reason', () => {
    for (const [before, after] of [
      ['--token=x get pods', 'get pods --token=x'],
      ['-s https://evil get pods', 'get pods -s https://evil'],
      ['--kubeconfig=/x get pods', 'get pods --kubeconfig=/x'],
    ] as const) {
      const d = evaluate(before);
      const e = evaluate(after);
      expect(d.allowed || e.allowed).toBe(false);
      if (!d.allowed && !e.allowed) {
        expect([d.rule, d.message, d.unauthorized]).toEqual([e.rule, e.message, e.unauthorized]);
      }
    }
  });
});

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);
const nsUnit = label.chain((n) =>
  fc.constantFrom<string[]>(
    ['-n', n],
    [`-n${n}`],
    [`-n=${n}`],
    ['--namespace', n],
    [`--namespace=${n}`],
  ),
);
const allUnit = fc.constantFrom<string[]>(
  ['-A'],
  ['--all-namespaces'],
  ['-A=true'],
  ['--all_namespaces=1'],
);

interface Case {
  head: readonly string[];
  body: readonly string[];
  unit: readonly string[];
}

// Commands of every verb that takes -n or -A; the unit is the one to move.
const cases: fc.Arbitrary<Case> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('pods', 'deploy', 'svc,cm', 'nodes', 'events'),
      fc.oneof(nsUnit, allUnit),
      fc.constantFrom([], ['-o', 'wide'], ['-l', 'app=web'], ['--no-headers'], ['-oyaml']),
    )
    .map(([type, unit, more]) => ({ head: ['get'], body: [type, ...more], unit })),
  fc
    .tuple(fc.constantFrom('get', 'describe'), label, nsUnit)
    .map(([verb, name, unit]) => ({ head: [verb], body: ['pod', name], unit })),
  fc
    .tuple(
      fc.oneof(nsUnit, allUnit),
      fc.constantFrom([], ['-l', 'tier=db'], ['--show-events=false']),
    )
    .map(([unit, more]) => ({ head: ['describe'], body: ['pods', ...more], unit })),
  fc
    .tuple(label, nsUnit, fc.constantFrom([], ['--tail=5'], ['-c', 'app'], ['--since=5m']))
    .map(([pod, unit, more]) => ({ head: ['logs'], body: [pod, ...more], unit })),
  fc
    .tuple(fc.oneof(nsUnit, allUnit), fc.constantFrom([], ['--types=Warning'], ['-o', 'json']))
    .map(([unit, more]) => ({ head: ['events'], body: more, unit })),
  fc
    .tuple(fc.oneof(nsUnit, allUnit), fc.constantFrom([], ['--sum'], ['--sort-by=cpu']))
    .map(([unit, more]) => ({ head: ['top', 'pod'], body: more, unit })),
  fc
    .tuple(fc.constantFrom('history', 'status'), label, nsUnit)
    .map(([sub, name, unit]) => ({ head: ['rollout', sub], body: [`deploy/${name}`], unit })),
  nsUnit.map((unit) => ({ head: ['cluster-info'], body: [], unit })),
);

describe('property: -n NS or -A moved before the verb', () => {
  it('decides exactly as written after it (argv and request included)', () => {
    let allowed = 0;
    fc.assert(
      fc.property(cases, fc.boolean(), ({ head, body, unit }, kubectl) => {
        const after = [...head, ...body, ...unit];
        const d = evaluate(after);
        if (d.allowed) allowed++;
        const prefix = kubectl ? ['kubectl'] : [];
        expect(evaluate([...prefix, ...unit, ...head, ...body])).toEqual(d);
        expect(evaluate([...prefix, ...unit, ...head, ...body].join(' '))).toEqual(d);
        if (head.length === 2) {
          // top and rollout: between the verb and its subcommand too, as kubectl reads it.
          const [verb = '', sub = ''] = head;
          expect(evaluate([verb, ...unit, sub, ...body])).toEqual(d);
        }
      }),
      { numRuns: 600 },
    );
    expect(allowed).toBeGreaterThan(400);
  });
});
