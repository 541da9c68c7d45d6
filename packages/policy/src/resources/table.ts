// An index over API resources (discovery or built-in) that resolves kubectl's type spellings.
import type { ResolvedResource } from '../decision.js';
import type { ApiResource } from './api-resource.js';
import { builtin } from './builtin.js';

export type { ApiResource } from './api-resource.js';

/** How object names of a kind are validated: DNS-1123 subdomain, or RBAC's path-segment names (`system:node`). */
export type NameRule = 'subdomain' | 'segment';

/** A resource (group + plural) with every version discovery lists for it, first = preferred. */
export interface Entry {
  resource: string;
  singular: string;
  kind: string;
  group: string;
  namespaced: boolean;
  nameRule: NameRule;
  /** Resolved forms by version, built once; `preferred` is the first version listed. */
  versions: ReadonlyMap<string, ResolvedResource>;
  preferred: ResolvedResource;
  /** `plural` for core, `plural.group` otherwise: the spelling canonical argv uses. */
  spelling: string;
  /** Whether this is a built-in Kubernetes resource (its facts then come from the built-in table). */
  builtin: boolean;
  /** Ambiguous names go to the lowest rank: a built-in's place in the built-in table, custom resources last. */
  rank: number;
}

export interface Match {
  entry: Entry;
  resolved: ResolvedResource;
}

const RBAC = 'rbac.authorization.k8s.io';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/**
 * Built once per discovery list; every lookup is a map read. A built-in resource keeps the scope,
 * kind and names of the built-in table whatever the list says, and wins every name it shares with
 * a custom resource, so discovery cannot turn a built-in spelling into something else.
 */
export class ResourceTable {
  readonly entries: readonly Entry[];
  private readonly byName = new Map<string, Entry[]>();
  private readonly byShort = new Map<string, Entry[]>();
  private readonly byCategory = new Map<string, Entry[]>();
  private readonly byGroupResource = new Map<string, Entry>();

  constructor(list: readonly ApiResource[]) {
    const entries: Entry[] = [];
    const versions = new Map<Entry, Map<string, ResolvedResource>>();
    for (const r of list) {
      if (r.name === '' || r.name.includes('/')) continue;
      const key = `${r.name}.${r.group}`;
      let entry = this.byGroupResource.get(key);
      const known = builtin(r.name, r.group);
      const facts = known?.facts ?? r;
      const resolved = Object.freeze({
        resource: r.name,
        group: r.group,
        version: r.version,
        kind: facts.kind,
        namespaced: facts.namespaced,
      });
      if (entry === undefined) {
        const byVersion = new Map<string, ResolvedResource>();
        entry = {
          resource: r.name,
          singular: (facts.singularName || facts.kind).toLowerCase(),
          kind: facts.kind,
          group: r.group,
          namespaced: facts.namespaced,
          nameRule: r.group === RBAC ? 'segment' : 'subdomain',
          versions: byVersion,
          preferred: resolved,
          spelling: r.group === '' ? r.name : `${r.name}.${r.group}`,
          builtin: known !== undefined,
          rank: known?.rank ?? Number.MAX_SAFE_INTEGER,
        };
        versions.set(entry, byVersion);
        entries.push(entry);
        this.byGroupResource.set(key, entry);
      }
      const byVersion = versions.get(entry);
      if (byVersion && !byVersion.has(r.version)) byVersion.set(r.version, resolved);
      push(this.byName, r.name.toLowerCase(), entry);
      push(this.byName, entry.singular, entry);
      for (const s of facts.shortNames) push(this.byShort, s, entry);
      for (const c of r.categories) push(this.byCategory, c, entry);
    }
    this.entries = entries;
    // Built-ins first, in the built-in table's order (kubectl's: core, then the API server's
    // group order); custom resources after them in discovery order (sort is stable).
    for (const index of [this.byName, this.byShort])
      for (const list of index.values()) list.sort((a, b) => a.rank - b.rank);
  }

  /** Every name a type can be written as (plurals, singulars, short names), for suggestions. */
  names(): string[] {
    return [...this.byName.keys(), ...this.byShort.keys()];
  }

  /** The members of a category (`all`), in discovery order, or undefined. Case-sensitive, as kubectl. */
  category(word: string): readonly Entry[] | undefined {
    return this.byCategory.get(word);
  }

  /** The resource with exactly this plural and group. */
  find(resource: string, group: string): Entry | undefined {
    return this.byGroupResource.get(`${resource}.${group}`);
  }

  /**
   * Every resource a bare name can mean, in the order `lookup` tries them: built-ins by short
   * name, then by name, then custom resources the same way (kubectl's ResourcesFor).
   */
  candidates(name: string): Entry[] {
    const all = [...(this.byShort.get(name) ?? []), ...(this.byName.get(name.toLowerCase()) ?? [])];
    const out: Entry[] = [];
    for (const builtins of [true, false])
      for (const e of all) if (e.builtin === builtins && !out.includes(e)) out.push(e);
    return out;
  }

  /**
   * kubectl's shortcut expander, then its REST mapper: a short name matches exactly, a plural or
   * singular (which covers Kind spellings) case-insensitively; `group` '' means any group; a
   * non-null `version` must be one discovery lists. Built-ins are tried before custom resources
   * (short names, then names, for each); among built-ins the table's order decides, among custom
   * resources discovery order. The first match wins.
   */
  lookup(name: string, group: string, version: string | null): Match | null {
    const fits = (e: Entry): Match | null => {
      if (group !== '' && e.group !== group) return null;
      const resolved = version === null ? e.preferred : e.versions.get(version);
      return resolved ? { entry: e, resolved } : null;
    };
    for (const e of this.candidates(name)) {
      const r = fits(e);
      if (r) return r;
    }
    return null;
  }
}

/** The canonical spelling of a match: the version appears only when it is not the preferred one. */
export function spellingOf(m: Match): string {
  const { entry, resolved } = m;
  return resolved === entry.preferred
    ? entry.spelling
    : `${resolved.resource}.${resolved.version}.${resolved.group}`;
}
