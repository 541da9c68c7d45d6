// Describers for rbac.authorization.k8s.io: Roles, ClusterRoles and their bindings, rules broken down and compacted as kubectl does.
import type { ResourceRef } from '../resource/rest.js';
import { getObject } from '../resource/rest.js';
import { maps, str, strings } from '../go/obj.js';
import type { GoMap } from '../go/value.js';
import { compareUtf8 } from '../go/value.js';
import {
  annotationsOf,
  labelsOf,
  nameOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './common.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';
import type { Describer } from './related.js';

function describeBinding(b: GoMap): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(b)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(b));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(b));
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${str(b, 'roleRef', 'kind')}\n`);
    w.write(LEVEL_1, `Name:\t${str(b, 'roleRef', 'name')}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of maps(b, 'subjects'))
      w.write(LEVEL_1, `${str(s, 'kind')}\t${str(s, 'name')}\t${str(s, 'namespace')}\n`);
  });
}

const RBAC = (resource: string, namespaced: boolean): ResourceRef => ({
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource,
  namespaced,
});

export const describeRoleBinding: Describer = async (ctx, namespace, name) =>
  describeBinding(await getObject(ctx.kube, RBAC('rolebindings', true), namespace, name));
export const describeClusterRoleBinding: Describer = async (ctx, _namespace, name) =>
  describeBinding(await getObject(ctx.kube, RBAC('clusterrolebindings', false), '', name));

interface Rule {
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  verbs: string[];
}

const ruleOf = (r: GoMap): Rule => ({
  apiGroups: strings(r, 'apiGroups'),
  resources: strings(r, 'resources'),
  resourceNames: strings(r, 'resourceNames'),
  nonResourceURLs: strings(r, 'nonResourceURLs'),
  verbs: strings(r, 'verbs'),
});

/** rbac.BreakdownRule: one rule per group × resource × verb (× name), and per non-resource URL × verb. */
function breakdownRule(rule: Rule): Rule[] {
  const out: Rule[] = [];
  const one = (r: Partial<Rule>): Rule => ({
    apiGroups: [],
    resources: [],
    resourceNames: [],
    nonResourceURLs: [],
    verbs: [],
    ...r,
  });
  for (const group of rule.apiGroups)
    for (const resource of rule.resources)
      for (const verb of rule.verbs) {
        if (rule.resourceNames.length > 0)
          for (const rn of rule.resourceNames)
            out.push(
              one({
                apiGroups: [group],
                resources: [resource],
                resourceNames: [rn],
                verbs: [verb],
              }),
            );
        else out.push(one({ apiGroups: [group], resources: [resource], verbs: [verb] }));
      }
  for (const url of rule.nonResourceURLs)
    for (const verb of rule.verbs) out.push(one({ nonResourceURLs: [url], verbs: [verb] }));
  return out;
}

/** rbac.CompactRules: rules on one group/resource(/name) merge their verbs; others stay as they are. */
function compactRules(rules: Rule[]): Rule[] {
  const simple = new Map<string, Rule>();
  const out: Rule[] = [];
  for (const r of rules) {
    const isSimple =
      r.resourceNames.length <= 1 &&
      r.nonResourceURLs.length === 0 &&
      r.apiGroups.length === 1 &&
      r.resources.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([
      r.apiGroups[0],
      r.resources[0],
      r.resourceNames.length > 0,
      r.resourceNames[0] ?? '',
    ]);
    const existing = simple.get(key);
    if (existing) {
      for (const v of r.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

/** PolicyRule.String(), the generated protobuf text kubectl sorts rules by. */
function ruleString(r: Rule): string {
  const l = (xs: string[]): string => `[${xs.join(' ')}]`;
  return `&PolicyRule{Verbs:${l(r.verbs)},APIGroups:${l(r.apiGroups)},Resources:${l(r.resources)},ResourceNames:${l(r.resourceNames)},NonResourceURLs:${l(r.nonResourceURLs)},}`;
}

function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [base = '', sub] = (resources[0] as string).split(/\/(.*)/s, 2) as [
    string,
    string | undefined,
  ];
  let out = base;
  if (groups.length > 0 && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

function describeRole(role: GoMap): string {
  const broken = maps(role, 'rules').flatMap((r) => breakdownRule(ruleOf(r)));
  const compact = compactRules(broken);
  compact.sort((a, b) => compareUtf8(ruleString(a), ruleString(b)));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(role)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(role));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(role));
    w.write(LEVEL_0, 'PolicyRule:\n');
    w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of compact)
      w.write(
        LEVEL_1,
        `${combineResourceGroup(r.resources, r.apiGroups)}\t[${r.nonResourceURLs.join(' ')}]\t[${r.resourceNames.join(' ')}]\t[${r.verbs.join(' ')}]\n`,
      );
  });
}

export const describeRoleKind: Describer = async (ctx, namespace, name) =>
  describeRole(await getObject(ctx.kube, RBAC('roles', true), namespace, name));
export const describeClusterRole: Describer = async (ctx, _namespace, name) =>
  describeRole(await getObject(ctx.kube, RBAC('clusterroles', false), '', name));
