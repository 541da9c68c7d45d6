// `api-resources`: the resource types discovery lists, filtered; reads no cluster objects.
import { invalid } from '../decision.js';
import type { Denial } from '../decision.js';
import { isDns1123Subdomain } from '../dns.js';
import { flagSet, isDenial, parseFlags, showValue } from '../flags.js';
import type { ApiResourcesRequest } from '../request.js';
import type { VerbResult } from './common.js';
import {
  discoveryOnly,
  noPositionals,
  readBool,
  readList,
  readNamespace,
  readOutput,
} from './common.js';

/** `-o` for api-resources: exactly as written. */
export const API_RESOURCES_OUTPUTS = {
  exact: ['json', 'yaml', 'wide', 'name'],
  lower: [],
} as const;

export const FLAGS = flagSet('api-resources', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'namespaced', kind: 'bool' },
  { long: 'api-group', kind: 'string' },
  { long: 'verbs', kind: 'list' },
  { long: 'categories', kind: 'list' },
  { long: 'sort-by', kind: 'string' },
  { long: 'output', short: 'o', kind: 'string' },
  { long: 'no-headers', kind: 'bool' },
]);

const WORD = /^[a-z][-a-z0-9]{0,62}$/;

const word = (what: string) => (v: string) =>
  WORD.test(v) ? null : `${showValue(v)} is not a ${what}`;

/** The canonical argv, printed from the request. */
function apiResourcesArgv(r: ApiResourcesRequest): string[] {
  const argv = ['api-resources'];
  // kubectl filters on --namespaced only when it is given, so true and absent differ.
  if (r.namespaced !== null) argv.push(`--namespaced=${r.namespaced}`);
  if (r.apiGroup !== null) argv.push(`--api-group=${r.apiGroup}`);
  if (r.verbs.length > 0) argv.push(`--verbs=${r.verbs.join(',')}`);
  if (r.categories.length > 0) argv.push(`--categories=${r.categories.join(',')}`);
  if (r.sortBy !== null) argv.push(`--sort-by=${r.sortBy}`);
  if (r.output !== 'table') argv.push('-o', r.output);
  if (r.noHeaders) argv.push('--no-headers');
  return argv;
}

/** Evaluates the arguments after `api-resources`. */
export function evaluateApiResources(args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  const extra = noPositionals('api-resources', f.positionals);
  if (extra) return extra;
  const ns = readNamespace(f);
  if (isDenial(ns)) return ns;
  const group = f.values.get('api-group');
  // An empty --api-group is meaningful: kubectl then lists the core group only.
  if (group !== undefined && group !== '' && !isDns1123Subdomain(group)) {
    return invalid('flag', `--api-group ${showValue(group)} is not an API group name`);
  }
  const verbs = readList(f, 'verbs', word('verb'));
  if (isDenial(verbs)) return verbs;
  const categories = readList(f, 'categories', word('category'));
  if (isDenial(categories)) return categories;
  const sort = f.values.get('sort-by');
  const sortBy = sort === 'name' || sort === 'kind' ? sort : null;
  if (sort !== undefined && sort !== '' && sortBy === null) {
    return invalid('flag', '--sort-by accepts only name or kind');
  }
  const output = readOutput(f, 'api-resources', API_RESOURCES_OUTPUTS);
  if (isDenial(output)) return output;

  const request: ApiResourcesRequest = {
    verb: 'api-resources',
    namespaced: readBool(f, 'namespaced') ?? null,
    apiGroup: group ?? null,
    verbs,
    categories,
    sortBy,
    output: output ?? 'table',
    noHeaders: readBool(f, 'no-headers') === true,
  };
  return discoveryOnly(apiResourcesArgv(request), request);
}
