// The agent chart's RBAC preset, generated from the read-only policy: `node test/dist/deploy/rbac-preset.js --write`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_GROUPS, BUILTIN_RESOURCES, DEFAULT_POLICY, type Policy } from '@porthole/policy';
import { REPO_ROOT } from '../harness/process.js';

/** The chart file the agent's ClusterRole and Roles are rendered from. */
export const PRESET_FILE = join(
  REPO_ROOT,
  'deploy',
  'helm',
  'porthole-agent',
  'files',
  'rbac.yaml',
);
export const PRESET_COMMAND = 'npm run build && node test/dist/deploy/rbac-preset.js --write';

export interface PresetRule {
  apiGroup: string;
  resources: string[];
}

export interface Preset {
  /** Namespaced kinds: a ClusterRole, or a Role per namespace. */
  namespaced: PresetRule[];
  /** Cluster-scoped kinds: ClusterRole only. */
  cluster: PresetRule[];
  /** Groups Kubernetes itself serves: never a custom resource group. */
  builtinGroups: string[];
}

interface Read {
  resource: string;
  group: string;
  namespaced: boolean;
}

/**
 * Reads a verb makes beyond the objects it names, each tied to the verb that needs it: `logs`
 * reads the pods/log subresource, `top` the metrics-server's metrics.k8s.io. Everything else the
 * agent reads is an object of a kind in the policy's resource list, or discovery, OpenAPI and
 * /version, which every authenticated identity may read (the system:discovery ClusterRole).
 */
const VERB_READS: readonly { verb: string; reads: readonly Read[] }[] = [
  { verb: 'logs', reads: [{ resource: 'pods/log', group: '', namespaced: true }] },
  {
    verb: 'top',
    reads: [
      { resource: 'pods', group: 'metrics.k8s.io', namespaced: true },
      { resource: 'nodes', group: 'metrics.k8s.io', namespaced: false },
    ],
  },
];

/** Every (group, resource) the policy lets a command read, Secrets only when it allows them. */
export function policyReads(policy: Policy = DEFAULT_POLICY): Read[] {
  const reads: Read[] = [];
  for (const r of BUILTIN_RESOURCES) {
    const secret = r.group === '' && r.name === 'secrets';
    if (secret ? !policy.secretsAllowed : !policy.allowsResource(r.name, r.group)) continue;
    reads.push({ resource: r.name, group: r.group, namespaced: r.namespaced });
  }
  for (const { verb, reads: extra } of VERB_READS) {
    if (policy.allowsVerb(verb)) reads.push(...extra);
  }
  return reads;
}

/** Reads grouped into rules: one per API group and scope, groups in the policy's order, kinds sorted. */
export function buildPreset(policy: Policy = DEFAULT_POLICY): Preset {
  const group = (namespaced: boolean): PresetRule[] => {
    const byGroup = new Map<string, Set<string>>();
    for (const read of policyReads(policy)) {
      if (read.namespaced !== namespaced) continue;
      const set = byGroup.get(read.group) ?? new Set<string>();
      set.add(read.resource);
      byGroup.set(read.group, set);
    }
    return [...byGroup].map(([apiGroup, set]) => ({ apiGroup, resources: [...set].sort() }));
  };
  return {
    namespaced: group(true),
    cluster: group(false),
    builtinGroups: [...BUILTIN_GROUPS].sort(),
  };
}

// Group and resource names are DNS names (no quote can occur); single quotes as Prettier writes them.
const quoted = (s: string) => `'${s}'`;

/** The chart file's text: block-style YAML written by hand, one kind a line, as Prettier keeps it. */
export function presetText(preset: Preset = buildPreset()): string {
  const rules = (list: PresetRule[]) =>
    list.flatMap((r) => [
      `  - apiGroups: [${quoted(r.apiGroup)}]`,
      '    resources:',
      ...r.resources.map((x) => `      - ${x}`),
    ]);
  return [
    '# GENERATED from @porthole/policy (the default read-only policy and its resource list);',
    '# do not edit. Regenerate with',
    `#   ${PRESET_COMMAND}`,
    '# test/src/deploy/rbac.test.ts fails when this file and the policy drift apart.',
    '# Every kind a command may read, plus what a verb reads beside it (pods/log for logs,',
    '# metrics.k8s.io for top). Never secrets: the default policy refuses them.',
    'namespaced:',
    ...rules(preset.namespaced),
    'cluster:',
    ...rules(preset.cluster),
    '# API groups Kubernetes itself serves: rbac.customResourceGroups may not name them.',
    'builtinGroups:',
    ...preset.builtinGroups.map((g) => `  - ${quoted(g)}`),
    '',
  ].join('\n');
}

/** The preset file as committed in the chart. */
export function presetOnDisk(): string {
  return readFileSync(PRESET_FILE, 'utf8');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--write')) {
    writeFileSync(PRESET_FILE, presetText());
    process.stdout.write(`wrote ${PRESET_FILE}\n`);
  } else {
    process.stdout.write(presetText());
  }
}
