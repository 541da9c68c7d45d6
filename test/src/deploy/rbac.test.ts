// The agent's RBAC is the policy's resource list: generated from it, complete, and nothing more.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createPolicy } from '@porthole/policy';
import { checkPolicy } from './policy.js';
import {
  buildPreset,
  policyReads,
  presetOnDisk,
  presetText,
  PRESET_COMMAND,
} from './rbac-preset.js';
import { CHARTS, render, templateRaw, type K8sObject } from './render.js';

const required = CHARTS['porthole-agent'].required;

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** Kubernetes' RBAC rule matching (rbac/v1 evaluation helpers) for one request. */
function allows(rules: Rule[], verb: string, group: string, resource: string): boolean {
  return rules.some(
    (r) =>
      (r.verbs.includes(verb) || r.verbs.includes('*')) &&
      (r.apiGroups.includes(group) || r.apiGroups.includes('*')) &&
      (r.resources.includes(resource) || r.resources.includes('*')),
  );
}

const rulesOf = (objects: K8sObject[], kind: 'ClusterRole' | 'Role'): Rule[] =>
  objects.filter((o) => o.kind === kind).flatMap((o) => o.rules as Rule[]);

const renderAgent = (extra: string[] = [], valuesFiles: string[] = []) =>
  render('porthole-agent', valuesFiles, valuesFiles.length ? [] : required, extra);

describe('the RBAC preset is generated from the policy', () => {
  test('the chart file is what the policy generates', () => {
    // On failure: the policy's resource list changed; regenerate the chart file.
    expect(presetOnDisk(), `regenerate it: ${PRESET_COMMAND}`).toBe(presetText());
  });

  test('a change in the policy changes the file (the comparison can fail)', () => {
    const narrowed = createPolicy({ resources: { deny: ['leases.coordination.k8s.io'] } });
    expect(presetText(buildPreset(narrowed))).not.toBe(presetOnDisk());
    expect(presetText(buildPreset(narrowed))).not.toContain('leases');
    const withSecrets = buildPreset(createPolicy({ secrets: { allow: true } }));
    expect(withSecrets.namespaced.find((r) => r.apiGroup === '')?.resources).toContain('secrets');
    const withoutLogs = buildPreset(createPolicy({ verbs: ['get'] }));
    expect(JSON.stringify(withoutLogs)).not.toContain('pods/log');
  });

  test('the default ClusterRole grants get and list on every kind the policy reads', async () => {
    const rules = rulesOf(await renderAgent(), 'ClusterRole');
    const reads = policyReads();
    // What the issue found Forbidden on a real cluster is among them.
    for (const [group, resource] of [
      ['', 'configmaps'],
      ['', 'serviceaccounts'],
      ['rbac.authorization.k8s.io', 'roles'],
      ['rbac.authorization.k8s.io', 'rolebindings'],
      ['rbac.authorization.k8s.io', 'clusterroles'],
      ['rbac.authorization.k8s.io', 'clusterrolebindings'],
      ['apiextensions.k8s.io', 'customresourcedefinitions'],
      ['coordination.k8s.io', 'leases'],
      ['', 'pods/log'],
      ['metrics.k8s.io', 'pods'],
    ]) {
      expect(reads).toContainEqual(expect.objectContaining({ group, resource }));
    }
    const missing = reads.filter(
      (r) =>
        !allows(rules, 'get', r.group, r.resource) || !allows(rules, 'list', r.group, r.resource),
    );
    expect(missing).toEqual([]);
  });

  test('it grants nothing beyond: no Secrets, no watch, no write, no kind outside the list', async () => {
    const rules = rulesOf(await renderAgent(), 'ClusterRole');
    expect([...new Set(rules.flatMap((r) => r.verbs))].sort()).toEqual(['get', 'list']);
    const listed = new Set(policyReads().map((r) => `${r.resource}.${r.group}`));
    const extra = rules.flatMap((r) =>
      r.apiGroups.flatMap((g) => r.resources.map((x) => `${x}.${g}`)).filter((k) => !listed.has(k)),
    );
    expect(extra).toEqual([]);
    expect(allows(rules, 'get', '', 'secrets')).toBe(false);
    expect(allows(rules, 'get', '', 'pods/exec')).toBe(false);
    expect(allows(rules, 'get', 'example.com', 'widgets')).toBe(false);
  });

  test('the completeness check notices a kind the chart leaves out', async () => {
    const rules = rulesOf(await renderAgent(), 'ClusterRole');
    const without = rules.map((r) => ({
      ...r,
      resources: r.resources.filter((x) => x !== 'leases'),
    }));
    expect(allows(rules, 'list', 'coordination.k8s.io', 'leases')).toBe(true);
    expect(allows(without, 'list', 'coordination.k8s.io', 'leases')).toBe(false);
  });

  test('namespace scope: each Role holds the namespaced kinds only', async () => {
    const objects = await renderAgent(
      [],
      [join(CHARTS['porthole-agent'].dir, 'examples', 'namespace-scoped.yaml')],
    );
    const rules = rulesOf(objects, 'Role');
    const namespaced = policyReads().filter((r) => r.namespaced);
    expect(namespaced.filter((r) => !allows(rules, 'list', r.group, r.resource))).toEqual([]);
    for (const r of policyReads().filter((x) => !x.namespaced))
      expect(allows(rules, 'list', r.group, r.resource)).toBe(false);
  });
});

describe('custom resource groups are an explicit opt-in', () => {
  test('a group grants its kinds; a group with resources grants those only', async () => {
    const objects = await renderAgent(
      [],
      [join(CHARTS['porthole-agent'].dir, 'examples', 'custom-resources.yaml')],
    );
    const rules = rulesOf(objects, 'ClusterRole');
    expect(allows(rules, 'list', 'cert-manager.io', 'certificates')).toBe(true);
    expect(allows(rules, 'list', 'example.com', 'widgets')).toBe(true);
    expect(allows(rules, 'list', 'example.com', 'gadgets')).toBe(false);
    expect(allows(rules, 'list', 'other.example.org', 'widgets')).toBe(false);
    expect(checkPolicy(objects, { agent: true })).toEqual([]);
  });

  const refused: [string, unknown, RegExp][] = [
    ['a built-in group', 'apps', /customResourceGroups/],
    ['the core group', '', /customResourceGroups/],
    ['metrics.k8s.io', 'metrics.k8s.io', /customResourceGroups/],
    ['any *.k8s.io group', 'widgets.k8s.io', /customResourceGroups/],
    ['any *.kubernetes.io group', 'x.kubernetes.io', /customResourceGroups/],
    ['a wildcard', '*', /customResourceGroups/],
    ['a name without a dot', 'example', /customResourceGroups/],
    [
      'secrets of a group',
      { group: 'example.com', resources: ['secrets'] },
      /customResourceGroups/,
    ],
    [
      'a proxy subresource',
      { group: 'example.com', resources: ['vms/proxy'] },
      /customResourceGroups/,
    ],
    ['a wildcard resource', { group: 'example.com', resources: ['*'] }, /customResourceGroups/],
  ];
  test.each(refused)('helm refuses %s', async (_name, entry, message) => {
    const result = await templateRaw('porthole-agent', [], required, [
      '--set-json',
      `rbac.customResourceGroups=${JSON.stringify([entry])}`,
    ]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});

describe('Secrets only when the policy reads them', () => {
  test('rbac.secrets is refused with the default policy', async () => {
    const result = await templateRaw('porthole-agent', [], [...required, 'rbac.secrets=true']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('rbac.secrets needs a policy that allows them');
  });

  test('with a policy that allows Secrets they are granted, and the hardening check accepts it', async () => {
    const objects = await renderAgent([
      '--set',
      'rbac.secrets=true',
      '--set-string',
      'policy=secrets:\n  allow: true\n',
    ]);
    const rules = rulesOf(objects, 'ClusterRole');
    expect(allows(rules, 'list', '', 'secrets')).toBe(true);
    expect(checkPolicy(objects, { agent: true })).toEqual([]);
    // The same grant beside a policy that does not allow them is a breach.
    const map = objects.find((o) => o.kind === 'ConfigMap');
    expect(map).toBeDefined();
    (map?.data as Record<string, string>)['policy.yaml'] = 'verbs: [get]\n';
    expect(checkPolicy(objects, { agent: true }).join('\n')).toMatch(/names secrets/);
  });
});
