// The policy summary (GET /v1/policy, MCP describe_access): read from the grammars' flag tables, narrowed by the policy.
import { describe, expect, it } from 'vitest';
import { PIPE_STAGES, evaluate, parsePolicy, policySummary } from './index.js';

// A command each grammar allows, to try every listed flag on.
const BASE: Record<string, string> = {
  get: 'get pods',
  describe: 'describe pods',
  logs: 'logs web-1',
  events: 'events',
  'top pod': 'top pod',
  'top node': 'top node',
  explain: 'explain pods',
  'api-resources': 'api-resources',
  'api-versions': 'api-versions',
  version: 'version',
  'cluster-info': 'cluster-info',
  'rollout history': 'rollout history deploy/web',
  'rollout status': 'rollout status deploy/web',
};

describe('policySummary', () => {
  const summary = policySummary();

  it('lists every grammar of the default policy', () => {
    expect(Object.keys(summary.verbs).sort()).toEqual(Object.keys(BASE).sort());
    expect(summary.pipeStages).toEqual(['grep', 'head', 'tail', 'wc']);
    expect(summary.pipeStages).toEqual([...PIPE_STAGES]);
    expect(summary.deniedResources).toEqual(['secrets']);
  });

  it('gives flags and outputs as the grammars define them', () => {
    expect(summary.verbs.get).toEqual({
      flags: [
        '-n/--namespace',
        '-A/--all-namespaces',
        '-l/--selector',
        '--field-selector',
        '-o/--output',
        '--show-labels',
        '--no-headers',
        '-L/--label-columns',
        '--sort-by',
        '--show-kind',
        '--ignore-not-found',
        '--show-managed-fields',
        '--allow-missing-template-keys',
      ],
      outputs: [
        'json',
        'yaml',
        'name',
        'wide',
        'jsonpath=TEMPLATE',
        'jsonpath-as-json=TEMPLATE',
        'custom-columns=SPEC',
      ],
    });
    expect(summary.verbs['rollout status']?.flags).toEqual([
      '-n/--namespace',
      '--revision',
      '--watch=false',
    ]);
    expect(summary.verbs.version?.outputs).toEqual(['json', 'yaml']);
    expect(summary.verbs.describe?.outputs).toEqual([]);
  });

  it('lists only flags the verb accepts, and the verb refuses -o unless it lists outputs', () => {
    for (const [verb, { flags, outputs }] of Object.entries(summary.verbs)) {
      const base = BASE[verb] ?? verb;
      for (const flag of flags) {
        const long = flag.split('/').at(-1) ?? flag;
        const d = evaluate(`${base} ${long.includes('=') ? long : `${long}=1`}`);
        if (!d.allowed)
          expect(d.message, `${base} ${long}`).not.toMatch(/^(flag .*|output formats are) not /);
      }
      for (const o of outputs)
        expect(evaluate(`${base} -o ${o}`).allowed, `${base} -o ${o}`).toBe(true);
      if (outputs.length === 0) expect(evaluate(`${base} -o json`).allowed).toBe(false);
    }
  });

  it('follows a narrowed policy', () => {
    const policy = parsePolicy(
      [
        'verbs: [get, top, rollout status]',
        'resources:',
        '  deny: [configmaps, widgets.example.com, "*.rbac.authorization.k8s.io"]',
        'secrets: { allow: true }',
      ].join('\n'),
    );
    const s = policySummary(policy);
    expect(Object.keys(s.verbs)).toEqual(['get', 'top pod', 'top node', 'rollout status']);
    expect(s.deniedResources).toEqual([
      'configmaps',
      'widgets.example.com',
      '*.rbac.authorization.k8s.io',
    ]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});
