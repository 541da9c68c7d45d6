// Which denials are attempts at forbidden things (`unauthorized`) and which are honest mistakes, per deny rule.
import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './nearest.js';
import { evaluate, parsePolicy } from './index.js';
import type { DenyRule, EvaluateOptions } from './index.js';
import { ATTACK_ROWS } from './testing/rows-attacks.js';
import { PIPE_ROWS } from './testing/rows-pipes.js';
import { GET_ROWS } from './testing/rows-get.js';
import { POLICY_ROWS } from './testing/rows-policy.js';
import {
  DESCRIBE_ROWS,
  DISCOVERY_VERB_ROWS,
  EVENTS_ROWS,
  EXPLAIN_ROWS,
  LOGS_ROWS,
  ROLLOUT_ROWS,
  TOP_ROWS,
} from './testing/rows-verbs.js';
import { DISCOVERY } from './testing/discovery.js';

const NARROW = parsePolicy(
  'verbs: [get, describe, logs]\nresources: { deny: [configmaps] }\nnamespaces: { deny: [kube-system] }',
);

/** [command, rule, unauthorized, why, options]. */
const ROWS: [string | string[], DenyRule, boolean, string, EvaluateOptions?][] = [
  // verb
  ['delete pod x', 'verb', true, 'a write'],
  ['apply -f x.yaml', 'verb', true, 'a write from a file'],
  ['exec -it web-1 -- sh', 'verb', true, 'runs code'],
  ['cp web-1:/etc/passwd x', 'verb', true, 'copies files'],
  ['port-forward pod/x 80', 'verb', true, 'a tunnel'],
  ['proxy', 'verb', true, 'opens the API'],
  ['attach web-1', 'verb', true, 'attaches'],
  ['edit pod x', 'verb', true, 'a write'],
  ['patch pod x', 'verb', true, 'a write'],
  ['config view --raw', 'verb', true, 'credentials'],
  ['rollout restart deploy/x', 'verb', true, 'a rollout write'],
  ['cluster-info dump', 'verb', true, 'dumps everything'],
  ['sudo kubectl get pods', 'verb', true, 'escalation'],
  ['kubectl kubectl delete pod x', 'verb', true, 'a write behind a second kubectl'],
  ['gett pods', 'verb', false, 'a typo'],
  ['Describe pod x', 'verb', false, 'capitalized'],
  ['help', 'verb', false, 'help'],
  ['wait --for=delete pod/x', 'verb', false, 'a watch by another name'],
  ['frobnicate', 'verb', false, 'an unknown word'],
  ['top pod', 'verb', false, 'disabled by the policy', { policy: NARROW }],
  ['', 'verb', false, 'empty'],
  ['rollout', 'verb', false, 'missing subcommand'],
  // resource
  ['get secrets', 'resource', true, 'Secrets'],
  ['describe secret/db', 'resource', true, 'a Secret by name'],
  ['get pods,secrets', 'resource', true, 'Secrets in a list'],
  ['events --for secret/db', 'resource', true, 'events of a Secret'],
  ['explain secrets', 'resource', true, 'every spelling'],
  [
    'get secrets.vault.example.com',
    'resource',
    true,
    'a CRD named secrets',
    { discovery: DISCOVERY },
  ],
  ['get pdos', 'resource', false, 'unknown type'],
  ['get pods/Web', 'resource', false, 'a bad name'],
  ['get', 'resource', false, 'missing type'],
  ['logs', 'resource', false, 'missing pod'],
  ['get configmaps', 'resource', false, 'denied by the policy file', { policy: NARROW }],
  // flag
  ['get pods --token=x', 'flag', true, 'credential'],
  ['get pods --as=admin', 'flag', true, 'impersonation'],
  ['get pods -s https://evil', 'flag', true, 'server'],
  ['get pods --kubeconfig=/x', 'flag', true, 'kubeconfig'],
  ['get pods --context=prod', 'flag', true, 'context'],
  ['get --raw /api/v1/secrets', 'flag', true, 'raw path'],
  ['get -f pod.yaml', 'flag', true, 'reads a file'],
  ['get pods -v=9', 'flag', true, 'verbose logs print the token'],
  ['get pods --cache-dir=/tmp', 'flag', true, 'writes files'],
  ['get pods -l --server=https://evil', 'flag', true, 'a server flag hidden as a selector'],
  ['get pods -w', 'flag', false, 'watch'],
  ['get pods --watch-only', 'flag', false, 'watch only'],
  ['logs web-1 -f', 'flag', false, 'follow'],
  ['logs web-1 --follow', 'flag', false, 'follow long'],
  ['get pods --template=x', 'flag', false, 'template'],
  ['get pods --namspace shop', 'flag', false, 'misspelt'],
  ['get pods --request-timeout=5s', 'flag', false, 'an unsupported read flag'],
  ['get pods -n a -n b', 'flag', false, 'given twice'],
  ['get pods -l "a b"', 'flag', false, 'a bad selector'],
  ['logs web-1 --tail=-1', 'flag', false, 'a bad value'],
  // output
  ['get pods -o go-template=x', 'output', false, 'template'],
  ['get pods -o jsonpath-file=/x', 'output', false, 'template file'],
  ['get pods -o jsno', 'output', false, 'misspelt format'],
  ['describe pod x -o yaml', 'output', false, 'no -o for describe'],
  // syntax
  ['get pods | sh', 'syntax', true, 'a pipe into a shell'],
  ['get pods | xargs rm', 'syntax', true, 'a pipe into xargs'],
  ['get pods || x', 'syntax', true, 'or-list'],
  ['get pods | tee /tmp/x', 'syntax', true, 'a pipe into tee'],
  ['get pods | grep -f /etc/passwd', 'flag', true, 'grep reading a local file'],
  ['get pods | grep x /etc/shadow', 'flag', true, 'a file operand'],
  ['get pods | tail -f', 'flag', false, 'tail -f'],
  ['get pods | grep', 'syntax', false, 'no pattern'],
  ['get pods | grep x | | wc -l', 'syntax', false, 'an empty stage'],
  ['get pods -o jsno | sh', 'output', true, 'a mistake piped into a shell'],
  ['get pods | jq .', 'syntax', false, 'a pipe into jq'],
  ['get pods | awk NF', 'syntax', false, 'a pipe into awk'],
  ['get pods |', 'syntax', false, 'a pipe into nothing'],
  ['get pods; id', 'syntax', true, 'command list'],
  ['get pods $(id)', 'syntax', true, 'substitution'],
  ['get pods > x', 'syntax', true, 'redirect'],
  ['get pods\nid', 'syntax', true, 'newline'],
  [['get', 'pods\u0000'], 'syntax', true, 'NUL in argv'],
  ['get pods \u200b-A', 'syntax', true, 'zero-width'],
  ['get s\u0435crets', 'syntax', true, 'homoglyph Secrets'],
  ['get pods \u2014token=x', 'syntax', true, 'em dash token'],
  ['get pods \u2013n foo', 'syntax', false, 'en dash namespace'],
  ['\uff47\uff45\uff54 pods', 'syntax', false, 'fullwidth verb'],
  ['get po*', 'syntax', false, 'glob'],
  ['get pods "x', 'syntax', false, 'unterminated quote'],
  ['-o json get pods', 'syntax', false, 'a verb flag before the verb'],
  ['-- get pods', 'syntax', false, '-- before the verb'],
  [['get', 1 as unknown as string], 'syntax', false, 'not a string'],
  // namespace
  ['get pods -n x -A', 'namespace', false, '-n with -A'],
  ['get pods -n Shop', 'namespace', false, 'invalid namespace'],
  ['get pods -n --server=https://evil', 'namespace', true, 'a server flag as the namespace'],
  ['get pods -A', 'namespace', false, '-A under a namespace limit', { policy: NARROW }],
  [
    'get pods -n kube-system',
    'namespace',
    false,
    'a namespace the policy denies',
    { policy: NARROW },
  ],
];

describe('classification: unauthorized for attempts, not for mistakes', () => {
  it('covers every deny rule both ways where both exist', () => {
    for (const rule of ['verb', 'resource', 'flag', 'syntax', 'namespace'] as const) {
      expect(ROWS.some((r) => r[1] === rule && r[2])).toBe(true);
      expect(ROWS.some((r) => r[1] === rule && !r[2])).toBe(true);
    }
    expect(ROWS.some((r) => r[1] === 'output')).toBe(true);
  });

  it.each(ROWS.map((r) => [JSON.stringify(r[0]), r[3], r] as const))('%s (%s)', (_c, _why, row) => {
    const [command, rule, unauthorized, , options] = row;
    expect(evaluate(command, options)).toMatchObject({ allowed: false, rule, unauthorized });
  });
});

// The attack corpus rows that are honest slips rather than attempts (reviewed one by one).
const MISTAKES = new Set<string>(
  [
    'wait --for=condition=Ready pod/x',
    'alpha events',
    'completion bash',
    'options',
    'help',
    'GET pods',
    'Get pods',
    'gets pods',
    'kubectl kubectl get pods',
    '/usr/bin/kubectl get pods',
    'kubectl.exe get pods',
    'oc get pods',
    'helm list',
    'eyJhbGciOiJSUzI1NiIsImtpZCI6InNla3JpdCJ9.eyJzdWIiOiJzZWtyaXQifQ get pods',
    '',
    '   ',
    'kubectl',
    [],
    ['kubectl'],
    'rollout status deploy/--watch',
    'get pods --=x',
    'get po*',
    'get pods x?',
    'get pods [a]',
    'get pods {a,b}',
    'get pods ~/x',
    'get pods # comment',
    "get pods 'x",
    'get pods "x',
    'get pods \\',
    'get pods \u2010n foo',
    'get pods \u2013n foo',
    'get pods \u2212n foo',
    'get pods \ufe63n foo',
    'get pods \uff0dn foo',
    '\uff47\uff45\uff54 pods',
    'get\u00a0pods',
    'get pods\u3000-A',
    'get \u{1F600}',
    'logs web-1 \u2014f',
    'rollout status deploy/x \u2013w',
    `get pods ${'a'.repeat(4100)}`,
    `get pods ${'x '.repeat(98)}`,
    ['get', 'pods', ...Array.from({ length: 98 }, () => 'x')],
    ['get', 'pods', 'a'.repeat(4095)],
    ['get', 1],
    `get pods -l ${'a=b,'.repeat(300)}a=b`,
    `logs web-1 --since=${'1'.repeat(70)}s`,
    `logs web-1 --tail=${'9'.repeat(30)}`,
    `explain pods.${'a.'.repeat(30)}b`,
  ].map((c) => JSON.stringify(c)),
);

describe('classification: the attack corpus', () => {
  const denied = ATTACK_ROWS.filter((r) => !('argv' in r[1]));
  it('lists only rows of the corpus as mistakes', () => {
    const keys = new Set(denied.map((r) => JSON.stringify(r[0])));
    for (const m of MISTAKES) expect(keys.has(m), m).toBe(true);
  });

  it.each(denied.map((r) => [JSON.stringify(r[0]).slice(0, 80), r[2], r] as const))(
    '%s (%s)',
    (_c, _why, row) => {
      const d = evaluate(row[0], row[3]);
      expect(d).toMatchObject({ allowed: false });
      if (!d.allowed) expect(d.unauthorized).toBe(!MISTAKES.has(JSON.stringify(row[0])));
    },
  );
});

describe('nearest', () => {
  it.each<[string, string, number]>([
    ['namspace', 'namespace', 1],
    ['selecter', 'selector', 1],
    ['tial', 'tail', 1],
    ['all-namespace', 'all-namespaces', 1],
    ['descirbe', 'describe', 1],
    ['get', 'describe', 3],
  ])('%s ~ %s = %d', (a, b, d) => expect(editDistance(a, b, 2)).toBe(Math.min(d, 3)));

  it.each<[string, string[], string[]]>([
    ['namspace', ['namespace', 'selector'], ['namespace']],
    ['GET', ['get', 'describe'], ['get']],
    ['gets', ['get', 'events'], ['get']],
    ['all', ['all-namespaces', 'all-containers', 'tail'], ['all-namespaces', 'all-containers']],
    ['x', ['namespace'], []],
    ['sum', ['since'], []],
  ])('%s among %j → %j', (given, candidates, expected) =>
    expect(nearest(given, candidates)).toEqual(expected),
  );
});

describe('every denial of the corpus', () => {
  const rows = [
    ...GET_ROWS,
    ...DESCRIBE_ROWS,
    ...LOGS_ROWS,
    ...EVENTS_ROWS,
    ...TOP_ROWS,
    ...EXPLAIN_ROWS,
    ...DISCOVERY_VERB_ROWS,
    ...ROLLOUT_ROWS,
    ...ATTACK_ROWS,
    ...POLICY_ROWS,
    ...PIPE_ROWS,
  ].filter((r) => !('argv' in r[1]));

  it('is classified, and a suggestion is one short line that does not repeat the input', () => {
    let suggested = 0;
    for (const [command, , , options] of rows) {
      const d = evaluate(command, options);
      expect(d.allowed).toBe(false);
      if (d.allowed) continue;
      expect(typeof d.unauthorized).toBe('boolean');
      if (d.suggestion === undefined) continue;
      suggested++;
      expect(d.suggestion).toMatch(/^[\x20-\x7e…]+$/);
      expect(d.suggestion.length).toBeLessThan(400);
      expect(d.suggestion).not.toContain('sekrit');
    }
    // Most denials teach something.
    expect(suggested).toBeGreaterThan(rows.length / 3);
  });

  it('never counts a refused output format, unless a forbidden flag hides in it', () => {
    for (const [command, , , options] of rows) {
      const d = evaluate(command, options);
      if (d.allowed || d.rule !== 'output' || !d.unauthorized) continue;
      expect(JSON.stringify(command)).toMatch(/--(token|server|as|kubeconfig|context|user)/);
    }
  });
});
