// The kinds the read-only policy lets `get` read, and how kubectl spellings resolve to them.

export interface KindInfo {
  /** Plural resource name, as in the API path. */
  resource: string;
  singular: string;
  /** Short names match case-sensitively, as kubectl's shortcut expander does. */
  shortNames: readonly string[];
  /** API group; '' is the core group. */
  group: string;
  namespaced: boolean;
}

export const KINDS: readonly KindInfo[] = [
  { resource: 'pods', singular: 'pod', shortNames: ['po'], group: '', namespaced: true },
  { resource: 'services', singular: 'service', shortNames: ['svc'], group: '', namespaced: true },
  {
    resource: 'deployments',
    singular: 'deployment',
    shortNames: ['deploy'],
    group: 'apps',
    namespaced: true,
  },
  {
    resource: 'replicasets',
    singular: 'replicaset',
    shortNames: ['rs'],
    group: 'apps',
    namespaced: true,
  },
  { resource: 'nodes', singular: 'node', shortNames: ['no'], group: '', namespaced: false },
  {
    resource: 'namespaces',
    singular: 'namespace',
    shortNames: ['ns'],
    group: '',
    namespaced: false,
  },
  { resource: 'events', singular: 'event', shortNames: ['ev'], group: '', namespaced: true },
];

/**
 * The spelling used in canonical argv: plural, lowercase, with the group for non-core kinds
 * (`deployments.apps`) so a CRD with the same plural in another group can never be picked.
 * kubectl prints the same output for every spelling of a kind, so normalizing is safe.
 */
export function canonicalType(kind: KindInfo): string {
  return kind.group === '' ? kind.resource : `${kind.resource}.${kind.group}`;
}

export const ALLOWED_TYPES_TEXT = KINDS.map((k) => k.resource).join(', ');

export type Resolution =
  { ok: true; kind: KindInfo } | { ok: false; reason: 'secrets' | 'all' | 'unknown' };

/**
 * Resolves one resource type argument the way kubectl's REST mapper does for these kinds:
 * `resource`, `resource.group`, or `resource.version.group` (3+ dots: version must be `v1`;
 * an empty group means any group). The resource part matches plural or singular names
 * case-insensitively (which covers `Kind` spellings) and short names exactly; the group and
 * version are case-sensitive. Verified against kubectl v1.35: `PODS`, `Pod`, `po.`, `pods.v1.`,
 * `deploy.apps`, `deployments.v1.` resolve; `PO`, `pods.v1`, `pods.V1.`, `deployments.APPS` do not.
 */
export function resolveType(arg: string): Resolution {
  let name: string;
  let group: string;
  let version: string | null = null;
  const dots = arg.split('.').length - 1;
  if (dots >= 2) {
    const first = arg.indexOf('.');
    const second = arg.indexOf('.', first + 1);
    name = arg.slice(0, first);
    version = arg.slice(first + 1, second);
    group = arg.slice(second + 1);
  } else if (dots === 1) {
    [name = '', group = ''] = arg.split('.');
  } else {
    name = arg;
    group = '';
  }
  const lower = name.toLowerCase();
  // Checked before anything else so every spelling of secrets, in any group or version, gets
  // the same explicit answer instead of a generic "unknown".
  if (lower === 'secret' || lower === 'secrets') return { ok: false, reason: 'secrets' };
  if (lower === 'all' && dots === 0) return { ok: false, reason: 'all' };
  if (version !== null && version !== 'v1') return { ok: false, reason: 'unknown' };
  const kind = KINDS.find(
    (k) =>
      (lower === k.resource || lower === k.singular || k.shortNames.includes(name)) &&
      (group === '' || group === k.group),
  );
  return kind ? { ok: true, kind } : { ok: false, reason: 'unknown' };
}
