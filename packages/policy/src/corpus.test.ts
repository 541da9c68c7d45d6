// The attack corpus: every row is a command, the decision the policy must reach, and why.
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import type { Decision, EvaluateOptions } from './index.js';
import type { Allow, Deny, Row } from './testing/harness.js';
import { POLICY_ROWS } from './testing/rows-policy.js';
import { ATTACK_ROWS } from './testing/rows-attacks.js';
import { PIPE_ROWS } from './testing/rows-pipes.js';
import { GET_ROWS } from './testing/rows-get.js';
import {
  DESCRIBE_ROWS,
  DISCOVERY_VERB_ROWS,
  EVENTS_ROWS,
  EXPLAIN_ROWS,
  LOGS_ROWS,
  ROLLOUT_ROWS,
  TOP_ROWS,
} from './testing/rows-verbs.js';

const TABLES: Record<string, Row[]> = {
  get: GET_ROWS,
  describe: DESCRIBE_ROWS,
  logs: LOGS_ROWS,
  events: EVENTS_ROWS,
  top: TOP_ROWS,
  explain: EXPLAIN_ROWS,
  'api-resources, api-versions, version, cluster-info': DISCOVERY_VERB_ROWS,
  rollout: ROLLOUT_ROWS,
  'pipe stages': PIPE_ROWS,
  'bypass classes': ATTACK_ROWS,
  'discovery and policy files': POLICY_ROWS,
};
const ALL_ROWS = Object.values(TABLES).flat();

// Verbs that read discovery, OpenAPI or the version, never cluster objects.
const DISCOVERY_VERBS = new Set(['api-resources', 'api-versions', 'version', 'explain']);

function checkAllowed(d: Decision, expected: Allow, options: EvaluateOptions): void {
  expect(d).toMatchObject({ allowed: true, argv: expected.argv });
  if (!d.allowed) return;
  expect({
    namespace: d.namespace,
    allNamespaces: d.allNamespaces,
    clusterScoped: d.clusterScoped,
    readsObjects: d.readsObjects,
    readsSecrets: d.readsSecrets,
    secretsAllowed: d.secretsAllowed,
  }).toEqual({
    namespace: expected.namespace ?? null,
    allNamespaces: expected.all ?? false,
    clusterScoped: expected.clusterScoped ?? false,
    readsObjects: expected.readsObjects ?? !DISCOVERY_VERBS.has(expected.argv[0] ?? ''),
    readsSecrets: expected.readsSecrets ?? false,
    secretsAllowed: options.policy?.secretsAllowed ?? false,
  });
  expect(d.verb).toBe(expected.argv[0]);
  if (expected.subcommand !== undefined) expect(d.subcommand).toBe(expected.subcommand);
  // Fixed point: the canonical argv is itself allowed, canonical, and decides the same.
  expect(evaluate(d.argv, options)).toEqual(d);
}

function checkDenied(command: string | string[], d: Decision, expected: Deny): void {
  expect(d.allowed).toBe(false);
  if (d.allowed) return;
  expect({ kind: d.kind, rule: d.rule }).toEqual({ kind: expected.kind, rule: expected.rule });
  if (expected.message) expect(d.message).toMatch(expected.message);
  // Messages are one line and never echo a long input in full.
  expect(d.message).not.toMatch(/[\n\r]/);
  const input = typeof command === 'string' ? command : command.join(' ');
  if (input.length > 200) expect(d.message.length).toBeLessThan(220);
  expect(d.message).not.toContain('sekrit');
}

const label = (c: string | string[]): string => JSON.stringify(c).slice(0, 100);

for (const [table, rows] of Object.entries(TABLES)) {
  describe(`corpus: ${table}`, () => {
    it.each(rows.map((r) => [label(r[0]), r[2], r] as const))('%s (%s)', (_c, _why, row) => {
      const [command, expected, , options = {}] = row;
      const d = evaluate(command, options);
      if ('argv' in expected) checkAllowed(d, expected, options);
      else checkDenied(command, d, expected);
    });
  });
}

describe('corpus: shape', () => {
  it('has at least 400 rows, each with a reason, allowed and denied both well represented', () => {
    expect(ALL_ROWS.length).toBeGreaterThanOrEqual(400);
    for (const row of ALL_ROWS) expect(row[2].length, label(row[0])).toBeGreaterThan(1);
    const allowed = ALL_ROWS.filter((r) => 'argv' in r[1]).length;
    expect(allowed).toBeGreaterThan(150);
    expect(ALL_ROWS.length - allowed).toBeGreaterThan(250);
  });

  it('covers every deny rule', () => {
    const rules = new Set(ALL_ROWS.flatMap((r) => ('rule' in r[1] ? [r[1].rule] : [])));
    expect([...rules].sort()).toEqual([
      'flag',
      'namespace',
      'output',
      'resource',
      'syntax',
      'verb',
    ]);
  });

  it('has no duplicate rows', () => {
    const keys = ALL_ROWS.map((r) => JSON.stringify([r[0], r[3] ? ALL_ROWS.indexOf(r) : 0]));
    const plain = ALL_ROWS.filter((r) => r[3] === undefined).map((r) => JSON.stringify(r[0]));
    expect(new Set(plain).size).toBe(plain.length);
    expect(keys.length).toBe(ALL_ROWS.length);
  });
});
