// Whether a cluster's discovery contradicts the built-in table, so the API can refuse the report.
import { show } from '../decision.js';
import { BUILTIN_GROUPS, builtin, builtins } from './builtin.js';
import type { ApiResource } from './table.js';

const scope = (namespaced: boolean): string => (namespaced ? 'namespaced' : 'cluster-scoped');
const spellingOf = (r: ApiResource): string => (r.group === '' ? r.name : `${r.name}.${r.group}`);

/** Every word kubectl resolves to a resource (plural, singular, kind, short names), lower-cased. */
function spellings(r: ApiResource): string[] {
  const words = [r.name, r.singularName, r.kind, ...r.shortNames].map((w) => w.toLowerCase());
  return [...new Set(words.filter((w) => w !== ''))];
}

/** Each spelling of a built-in → the built-ins that answer to it (`nodes`: core and metrics). */
const OWNERS = new Map<string, ApiResource[]>();
for (const { facts } of builtins()) {
  for (const word of spellings(facts)) {
    const list = OWNERS.get(word);
    if (list === undefined) OWNERS.set(word, [facts]);
    else list.push(facts);
  }
}

/**
 * Why a discovery list cannot be true of any Kubernetes cluster, or null. Only the built-in
 * groups are checked: a built-in resource must keep its scope and kind, and no resource of a
 * built-in group may answer to a built-in's name, short name or kind with the other scope
 * (a core `nodez` called `no`). Custom resources may share built-in names (kubectl, and the
 * policy, resolve those to the built-in); subresources (`pods/log`) are not types and are skipped.
 */
export function discoveryConflict(list: readonly ApiResource[]): string | null {
  for (const r of list) {
    if (r.name === '' || r.name.includes('/') || !BUILTIN_GROUPS.has(r.group)) continue;
    const known = builtin(r.name, r.group)?.facts;
    if (known !== undefined && known.namespaced !== r.namespaced) {
      return `discovery lists ${show(spellingOf(r))} as ${scope(r.namespaced)}; Kubernetes serves it ${scope(known.namespaced)}`;
    }
    if (known !== undefined && known.kind !== r.kind) {
      return `discovery lists ${show(spellingOf(r))} with kind ${show(r.kind)}; Kubernetes serves it as kind "${known.kind}"`;
    }
    for (const word of spellings(r)) {
      const other = OWNERS.get(word)?.find((b) => b.namespaced !== r.namespaced);
      if (other !== undefined) {
        return `discovery lists ${show(spellingOf(r))} (${scope(r.namespaced)}) under the name ${show(word)} of ${spellingOf(other)}, which is ${scope(other.namespaced)}`;
      }
    }
  }
  return null;
}
