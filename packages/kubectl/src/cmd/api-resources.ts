// runApiResources: kubectl api-resources — the server's preferred resources, filtered, sorted and printed as kubectl v1.35 prints them.
import type { ApiResourcesRequest } from '@porthole/policy';
import type { ApiResource } from '../resource/discovery.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText } from '../resource/errors.js';
import { compareUtf8, goMap } from '../go/value.js';
import { marshalIndentOrdered } from '../printers/json.js';
import { TabWriter } from '../printers/tabwriter.js';
import { toKubectlYaml } from '../printers/yaml.js';
import { struct } from '../go/typed.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

const fail = (e: KubeError): CommandOutput => ({
  stdout: '',
  stderr: checkErrText(e),
  exitCode: 1,
});

interface FlatResource extends ApiResource {
  group: string;
  version: string;
}

/** discovery.ServerPreferredResources: each group's resources in its preferred version, others where only they have it. */
function preferredResources(d: Discovery): FlatResource[][] {
  const lists = d.resourceLists();
  const chosen = new Map<string, FlatResource>();
  const order: Array<{ group: string; version: string }> = [];
  for (const g of d.groupList()) {
    for (const version of g.versions) {
      const list = lists.find((l) => l.group === g.name && l.version === version);
      if (!list) continue;
      order.push({ group: g.name, version });
      for (const r of list.resources) {
        if (r.name.includes('/')) continue;
        const key = `${g.name}/${r.name}`;
        if (chosen.has(key) && version !== g.preferredVersion) continue;
        chosen.set(key, { ...r, group: g.name, version });
      }
    }
  }
  return order.map(({ group, version }) =>
    [...chosen.values()].filter((r) => r.group === group && r.version === version),
  );
}

/** Runs `kubectl api-resources`. */
export async function runApiResources(
  req: ApiResourcesRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const { output, sortBy, verbs, categories, namespaced } = req;
  const group = req.apiGroup;
  // Without --cached kubectl reads discovery afresh.
  const discovery = new Discovery(kube, opts.discoveryCache);
  try {
    await discovery.reload();
  } catch (err) {
    if (err instanceof DiscoveryError) return fail(err.error);
    throw err;
  }
  const lists = preferredResources(discovery).filter((l) => l.length > 0);
  if (lists.length === 0) return { stdout: '', stderr: '', exitCode: 0 };
  const flat = lists
    .flat()
    .filter(
      (r) =>
        r.verbs.length > 0 &&
        (group === null || r.group === group) &&
        (namespaced === null || r.namespaced === namespaced) &&
        verbs.every((v) => r.verbs.includes(v)) &&
        categories.every((c) => r.categories.includes(c)),
    );
  const primary = (r: FlatResource): string =>
    sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : r.group;
  flat.sort((a, b) => {
    const c = compareUtf8(primary(a), primary(b));
    return c !== 0 ? c : compareUtf8(a.name, b.name);
  });
  if (output === 'json' || output === 'yaml') {
    const list = goMap([
      ['kind', 'APIResourceList'],
      ['apiVersion', 'v1'],
      ['groupVersion', ''],
      [
        'resources',
        flat.length === 0
          ? null
          : flat.map((r) =>
              struct([
                ['name', r.name],
                ['singularName', r.singularName],
                ['namespaced', r.namespaced],
                ['group', r.group === '' ? undefined : r.group],
                ['version', r.version === '' ? undefined : r.version],
                ['kind', r.kind],
                ['verbs', r.verbs],
                ['shortNames', r.shortNames.length > 0 ? r.shortNames : undefined],
                ['categories', r.categories.length > 0 ? r.categories : undefined],
              ]),
            ),
      ],
    ]);
    return {
      stdout: output === 'json' ? `${marshalIndentOrdered(list)}\n` : toKubectlYaml(list),
      stderr: '',
      exitCode: 0,
    };
  }
  if (output === 'name') {
    return {
      stdout: flat.map((r) => `${r.name}${r.group !== '' ? `.${r.group}` : ''}\n`).join(''),
      stderr: '',
      exitCode: 0,
    };
  }
  let stdout = '';
  const w = new TabWriter((chunk) => {
    stdout += chunk;
  });
  const wide = output === 'wide';
  if (!req.noHeaders)
    w.write(
      [
        'NAME',
        'SHORTNAMES',
        'APIVERSION',
        'NAMESPACED',
        'KIND',
        ...(wide ? ['VERBS', 'CATEGORIES'] : []),
      ].join('\t') + '\n',
    );
  for (const r of flat) {
    const gv = r.group === '' ? r.version : `${r.group}/${r.version}`;
    const cells = [r.name, r.shortNames.join(','), gv, String(r.namespaced), r.kind];
    if (wide) cells.push(r.verbs.join(','), r.categories.join(','));
    w.write(cells.join('\t') + '\n');
  }
  w.flush();
  return { stdout, stderr: '', exitCode: 0 };
}
