// API discovery and kubectl's resource-name resolution (REST mapper, short names, kinds, categories).
//
// Reproduces client-go's discovery REST mapper as kubectl builds it: the core group first, then
// the groups in the server's /apis order, every version of each; a shortcut expander for short
// names (case-sensitive, first match wins, with kubectl's warning when another group has the
// same short name); resource names matched case-insensitively against plural and singular
// names; a Kind fallback; and the priority rules that prefer the core group, then each group's
// preferred version.
import type { KubeError } from './errors.js';
import { errorFromResponse, plainError, transportError } from './errors.js';
import { goQuote } from '../go/fmt.js';
import type { GoMap, GoValue } from '../go/value.js';
import { isGoMap } from '../go/value.js';
import { parseGoJson } from '../go/decode.js';
import type { KubeGet, KubeResponse } from './client.js';

export interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  shortNames: string[];
  categories: string[];
  verbs: string[];
}

export interface GroupVersionResources {
  group: string;
  version: string;
  resources: ApiResource[];
}

export interface ApiGroup {
  name: string;
  versions: string[];
  preferredVersion: string;
}

/** A resolved resource type: where to GET it and what it is. */
export interface Mapping {
  group: string;
  version: string;
  /** Plural resource name, as in the URL. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

interface Gvr {
  group: string;
  version: string;
  resource: string;
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** Thrown by Discovery when kubectl would stop with an error; carries kubectl's error. */
export class DiscoveryError extends Error {
  constructor(readonly error: KubeError) {
    super('discovery failed');
    this.name = 'DiscoveryError';
  }
}

const ACCEPT_JSON = 'application/json, */*';
/** What kubectl asks /api and /apis for: aggregated discovery first, the legacy documents otherwise. */
const ACCEPT_AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,' +
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

function str(v: GoValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function strList(v: GoValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function parseResources(body: GoValue): ApiResource[] {
  if (!isGoMap(body)) return [];
  const list = body.get('resources');
  if (!Array.isArray(list)) return [];
  return list.filter(isGoMap).map((r) => ({
    name: str(r.get('name')),
    singularName: str(r.get('singularName')),
    namespaced: r.get('namespaced') === true,
    kind: str(r.get('kind')),
    shortNames: strList(r.get('shortNames')),
    categories: strList(r.get('categories')),
    verbs: strList(r.get('verbs')),
  }));
}

/**
 * client-go's SplitGroupsAndResources: an aggregated discovery document (APIGroupDiscoveryList)
 * as groups and per-version resource lists. Stale versions are left out, as kubectl does.
 */
export function parseAggregated(doc: GoValue): {
  groups: ApiGroup[];
  lists: GroupVersionResources[];
} {
  const groups: ApiGroup[] = [];
  const lists: GroupVersionResources[] = [];
  const items = isGoMap(doc) ? doc.get('items') : undefined;
  for (const g of Array.isArray(items) ? items.filter(isGoMap) : []) {
    const name = str(
      isGoMap(g.get('metadata')) ? (g.get('metadata') as GoMap).get('name') : undefined,
    );
    const versions: string[] = [];
    const vs = g.get('versions');
    for (const v of Array.isArray(vs) ? vs.filter(isGoMap) : []) {
      if (v.get('freshness') === 'Stale') continue;
      const version = str(v.get('version'));
      versions.push(version);
      const resources: ApiResource[] = [];
      const rs = v.get('resources');
      for (const r of Array.isArray(rs) ? rs.filter(isGoMap) : []) {
        const kind = r.get('responseKind');
        // A resource without a response kind is dropped (its subresources are still listed).
        const base = {
          name: str(r.get('resource')),
          singularName: str(r.get('singularResource')),
          namespaced: r.get('scope') === 'Namespaced',
        };
        if (isGoMap(kind) && str(kind.get('kind')) !== '') {
          resources.push({
            ...base,
            kind: str(kind.get('kind')),
            shortNames: strList(r.get('shortNames')),
            categories: strList(r.get('categories')),
            verbs: strList(r.get('verbs')),
          });
        }
        const subs = r.get('subresources');
        for (const sub of Array.isArray(subs) ? subs.filter(isGoMap) : []) {
          const sk = sub.get('responseKind');
          if (!isGoMap(sk) || str(sk.get('kind')) === '') continue;
          resources.push({
            ...base,
            name: `${base.name}/${str(sub.get('subresource'))}`,
            kind: str(sk.get('kind')),
            shortNames: [],
            categories: [],
            verbs: strList(sub.get('verbs')),
          });
        }
      }
      lists.push({ group: name, version, resources });
    }
    groups.push({ name, versions, preferredVersion: versions[0] ?? '' });
  }
  return { groups, lists };
}

const isAggregated = (doc: GoValue): boolean =>
  isGoMap(doc) && doc.get('kind') === 'APIGroupDiscoveryList';

/** What discovery found: the groups in priority order and every group version's resources. */
export interface DiscoveryData {
  groups: ApiGroup[];
  lists: GroupVersionResources[];
}

/**
 * Discovery results shared between commands, like kubectl's discovery cache directory. A
 * type that does not resolve against cached data triggers one fresh discovery, as kubectl's
 * deferred REST mapper does, so new resource types are found without waiting for expiry.
 */
export class DiscoveryCache {
  private entry: { data: DiscoveryData; at: number } | null = null;

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(): DiscoveryData | null {
    if (this.entry === null || this.now() - this.entry.at > this.ttlMs) return null;
    return this.entry.data;
  }

  set(data: DiscoveryData): void {
    this.entry = { data, at: this.now() };
  }
}

/** meta.UnsafeGuessKindToResource's singular: the lowercased kind. */
const singularOf = (r: ApiResource): string =>
  r.singularName !== '' ? r.singularName : r.kind.toLowerCase();

const groupResourceString = (group: string, resource: string): string =>
  group === '' ? resource : `${resource}.${group}`;

export class Discovery {
  private groups: ApiGroup[] = [];
  private lists: GroupVersionResources[] = [];
  private loaded: Promise<void> | null = null;
  /** The data came from the shared cache and may predate a newly added type. */
  private fromCache = false;
  /** Warnings kubectl prints on stderr (`Warning: ...`), in order. */
  readonly warnings: string[] = [];

  constructor(
    private readonly kube: KubeGet,
    private readonly cache?: DiscoveryCache,
  ) {}

  /** Discovers once (or takes fresh data from the cache); later calls reuse the result. */
  load(): Promise<void> {
    this.loaded ??= this.loadOnce();
    return this.loaded;
  }

  private async loadOnce(): Promise<void> {
    const cached = this.cache?.get() ?? null;
    if (cached !== null) {
      this.groups = cached.groups;
      this.lists = cached.lists;
      this.fromCache = true;
      return;
    }
    await this.fetchAll();
    this.cache?.set({ groups: this.groups, lists: this.lists });
  }

  private async getJson(path: string, accept = ACCEPT_JSON): Promise<GoValue> {
    let res: KubeResponse;
    try {
      res = await this.kube(path, accept);
    } catch (err) {
      throw new DiscoveryError(transportError(err));
    }
    if (res.status < 200 || res.status > 206) {
      throw new DiscoveryError(
        errorFromResponse(res.status, res.body, { group: '', resource: '', name: '' }, false),
      );
    }
    try {
      return res.decoded ?? parseGoJson(res.body);
    } catch (err) {
      throw new DiscoveryError(
        plainError(`couldn't get resource list for ${path}: ${(err as Error).message}`),
      );
    }
  }

  private async fetchAll(): Promise<void> {
    const [core, apis] = await Promise.all([
      this.getJson('/api', ACCEPT_AGGREGATED),
      this.getJson('/apis', ACCEPT_AGGREGATED),
    ]);
    const groups: ApiGroup[] = [];
    const known: GroupVersionResources[] = [];
    if (isAggregated(core)) {
      const a = parseAggregated(core);
      groups.push(...a.groups);
      known.push(...a.lists);
    }
    const coreVersions = !isAggregated(core) && isGoMap(core) ? strList(core.get('versions')) : [];
    if (coreVersions.length > 0)
      groups.push({
        name: '',
        versions: coreVersions,
        preferredVersion: coreVersions[0] as string,
      });
    if (isAggregated(apis)) {
      const a = parseAggregated(apis);
      groups.push(...a.groups);
      known.push(...a.lists);
    }
    const apiGroups = !isAggregated(apis) && isGoMap(apis) ? apis.get('groups') : undefined;
    for (const g of Array.isArray(apiGroups) ? apiGroups.filter(isGoMap) : []) {
      const versions = Array.isArray(g.get('versions'))
        ? (g.get('versions') as GoValue[]).filter(isGoMap).map((v) => str(v.get('version')))
        : [];
      const pref = g.get('preferredVersion');
      groups.push({
        name: str(g.get('name')),
        versions,
        preferredVersion: isGoMap(pref) ? str(pref.get('version')) : '',
      });
    }
    this.groups = groups;
    const wanted = groups.flatMap((g) => g.versions.map((v) => ({ group: g.name, version: v })));
    const results = await Promise.all(
      wanted.map(async ({ group, version }) => {
        const have = known.find((l) => l.group === group && l.version === version);
        if (have) return have;
        const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
        try {
          return { group, version, resources: parseResources(await this.getJson(path)) };
        } catch (err) {
          // kubectl keeps going with the groups it could read (ErrGroupDiscoveryFailed is logged only).
          if (err instanceof DiscoveryError) return null;
          throw err;
        }
      }),
    );
    this.lists = results.filter((r): r is GroupVersionResources => r !== null);
  }

  /** The API groups in discovery order (the core group first, named ""). */
  groupList(): readonly ApiGroup[] {
    return this.groups;
  }

  /** Every group version's resource list, in discovery order. */
  resourceLists(): readonly GroupVersionResources[] {
    return this.lists;
  }

  /** Discovers afresh, ignoring the shared cache (kubectl api-resources and api-versions invalidate theirs). */
  async reload(): Promise<void> {
    this.loaded = this.fetchAll().then(() => {
      this.fromCache = false;
      this.cache?.set({ groups: this.groups, lists: this.lists });
    });
    return this.loaded;
  }

  /** Resources of a category (`all`), as `resource` or `resource.group`, in discovery order; null if unknown. */
  expandCategory(category: string): string[] | null {
    const out: string[] = [];
    for (const l of this.lists) {
      for (const r of l.resources)
        if (r.categories.includes(category)) out.push(groupResourceString(l.group, r.name));
    }
    return out.length > 0 ? out : null;
  }

  /**
   * kubectl's Builder.mappingFor: resource, short name, `resource.group`,
   * `resource.version.group`, or Kind. Cached data that does not know `arg` is refreshed once.
   */
  async resolve(arg: string): Promise<Mapping> {
    try {
      return this.resolveLoaded(arg);
    } catch (err) {
      if (!(err instanceof DiscoveryError) || !this.fromCache) throw err;
      this.fromCache = false;
      await this.fetchAll();
      this.cache?.set({ groups: this.groups, lists: this.lists });
      return this.resolveLoaded(arg);
    }
  }

  private resolveLoaded(arg: string): Mapping {
    const [fullGvr, gr] = parseResourceArg(arg);
    let gvk: Gvk | null = null;
    if (fullGvr !== null) gvk = this.kindFor(fullGvr);
    if (gvk === null) gvk = this.kindFor({ group: gr.group, version: '', resource: gr.resource });
    if (gvk !== null) {
      const m = this.restMapping({ group: gvk.group, kind: gvk.kind }, gvk.version);
      if (m === null)
        throw new DiscoveryError(plainError(`no matches for kind ${goQuote(gvk.kind)}`));
      return m;
    }
    const [fullGvk, gk] = parseKindArg(arg);
    const first = fullGvk ?? { group: gk.group, version: '', kind: gk.kind };
    if (first.group !== '' || first.version !== '' || first.kind !== '') {
      const m = this.restMapping({ group: first.group, kind: first.kind }, first.version);
      if (m !== null) return m;
    }
    const m = this.restMapping(gk, '');
    if (m === null)
      throw new DiscoveryError(
        plainError(`the server doesn't have a resource type ${goQuote(gr.resource)}`),
      );
    return m;
  }

  /** Priority order of group versions: core v1, then each group's preferred version and its others, then any version. */
  private kindPriority(): Array<{ group: string; version: string | null }> {
    const p: Array<{ group: string; version: string | null }> = [{ group: '', version: 'v1' }];
    const have = (g: string, v: string): boolean =>
      this.lists.some((l) => l.group === g && l.version === v);
    for (const g of this.groups) {
      if (g.preferredVersion !== '' && have(g.name, g.preferredVersion))
        p.push({ group: g.name, version: g.preferredVersion });
      for (const v of g.versions)
        if (v !== g.preferredVersion && have(g.name, v)) p.push({ group: g.name, version: v });
    }
    for (const g of this.groups) p.push({ group: g.name, version: null });
    return p;
  }

  private pickByPriority<T extends { group: string; version: string }>(
    candidates: T[],
    first: Array<{ group: string; version: string | null }> = [],
  ): T | null {
    if (candidates.length === 1) return candidates[0] as T;
    let remaining = candidates;
    for (const pat of [...first, ...this.kindPriority()]) {
      const matched = remaining.filter(
        (c) => c.group === pat.group && (pat.version === null || c.version === pat.version),
      );
      if (matched.length === 1) return matched[0] as T;
      if (matched.length > 1) remaining = matched;
    }
    return null; // ambiguous
  }

  /** PriorityRESTMapper.KindFor over the shortcut expander; null when there is no unique match. */
  private kindFor(input: Gvr): Gvk | null {
    const gvr = this.expandShortcut(input);
    const resource = gvr.resource.toLowerCase();
    if (resource === '') return null;
    const found: Gvk[] = [];
    const add = (l: GroupVersionResources, r: ApiResource): void => {
      if (!found.some((f) => f.group === l.group && f.version === l.version && f.kind === r.kind)) {
        found.push({ group: l.group, version: l.version, kind: r.kind });
      }
    };
    for (const l of this.lists) {
      const rs = l.resources.filter((r) => !r.name.includes('/'));
      const named = (r: ApiResource): boolean => r.name === resource || singularOf(r) === resource;
      if (gvr.group !== '' && gvr.version !== '') {
        if (l.group !== gvr.group || l.version !== gvr.version) continue;
        const r = rs.find(named);
        if (r) add(l, r);
      } else if (gvr.group !== '') {
        // Exact group first; failing that, this group version is searched by group prefix
        // (so `storageclass.storage` finds storage.k8s.io).
        const exact = l.group === gvr.group ? rs.filter(named) : [];
        if (exact.length > 0) exact.forEach((r) => add(l, r));
        else if (l.group.startsWith(gvr.group)) rs.filter(named).forEach((r) => add(l, r));
      } else if (gvr.version !== '') {
        if (l.version === gvr.version) rs.filter(named).forEach((r) => add(l, r));
      } else {
        rs.filter(named).forEach((r) => add(l, r));
      }
    }
    return found.length === 0 ? null : this.pickByPriority(found);
  }

  /** PriorityRESTMapper.RESTMapping: Kind (or lowercased Kind) in the given group, optionally one version. */
  private restMapping(gk: { group: string; kind: string }, version: string): Mapping | null {
    const mappings: Mapping[] = [];
    for (const l of this.lists) {
      if (l.group !== gk.group) continue;
      if (version !== '' && l.version !== version) continue;
      const r = l.resources.find(
        (x) => !x.name.includes('/') && (x.kind === gk.kind || x.kind.toLowerCase() === gk.kind),
      );
      if (r)
        mappings.push({
          group: l.group,
          version: l.version,
          resource: r.name,
          kind: r.kind,
          namespaced: r.namespaced,
        });
    }
    if (mappings.length === 0) return null;
    const first = version !== '' ? [{ group: gk.group, version }] : [];
    return this.pickByPriority(mappings, first);
  }

  /** client-go's shortcutExpander.expandResourceShortcut. */
  private expandShortcut(gvr: Gvr): Gvr {
    for (const l of this.lists) {
      if (gvr.group !== '' && gvr.group !== l.group) continue;
      for (const r of l.resources)
        if (gvr.resource === r.name || gvr.resource === r.singularName) return gvr;
    }
    const shortcuts = this.lists.flatMap((l) =>
      l.resources.flatMap((r) =>
        r.shortNames.map((s) => ({ group: l.group, short: s, long: r.name })),
      ),
    );
    let found: Gvr | null = null;
    const warned = new Set<string>();
    for (const s of shortcuts) {
      if (gvr.group !== '' && gvr.group !== s.group) continue;
      if (gvr.resource !== s.short) continue;
      if (found !== null) {
        if (s.long === found.resource && s.group === found.group) continue;
        const long = groupResourceString(s.group, s.long);
        if (!warned.has(long)) {
          this.warnings.push(
            `short name ${goQuote(gvr.resource)} could also match lower priority resource ${long}`,
          );
          warned.add(long);
        }
        continue;
      }
      found = { group: s.group, version: '', resource: s.long };
    }
    if (found !== null) return found;
    if (gvr.group === '') return gvr;
    for (const s of shortcuts) {
      if (s.group.startsWith(gvr.group) && gvr.resource === s.short)
        return { ...gvr, resource: s.long, group: s.group };
    }
    return gvr;
  }
}

/** schema.ParseResourceArg: `res.ver.group` (two dots or more) and `res.group`. */
function parseResourceArg(arg: string): [Gvr | null, { group: string; resource: string }] {
  let full: Gvr | null = null;
  const parts = arg.split('.');
  if (parts.length >= 3) {
    full = {
      resource: parts[0] as string,
      version: parts[1] as string,
      group: parts.slice(2).join('.'),
    };
  }
  const dot = arg.indexOf('.');
  const gr =
    dot >= 0
      ? { resource: arg.slice(0, dot), group: arg.slice(dot + 1) }
      : { resource: arg, group: '' };
  return [full, gr];
}

/** schema.ParseKindArg: `Kind.version.group` and `Kind.group`. */
function parseKindArg(arg: string): [Gvk | null, { group: string; kind: string }] {
  const [gvr, gr] = parseResourceArg(arg);
  return [
    gvr === null ? null : { kind: gvr.resource, version: gvr.version, group: gvr.group },
    { kind: gr.resource, group: gr.group },
  ];
}
