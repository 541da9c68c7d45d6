// The cluster-level read verbs: api-resources, api-versions, version and cluster-info, as kubectl v1.35 prints them.
import { CORE, RequestFailed, fetchJson, listItems } from './client.js';
import type { ApiResource } from './discovery.js';
import { Discovery, DiscoveryError } from './discovery.js';
import type { KubeError } from './errors.js';
import { checkErrText, errorString, plainError } from './errors.js';
import { ArgvError, NAMESPACE_FLAG, OUTPUT_FLAG, readArgv } from './flags.js';
import { int, maps, str, stringMap } from './obj.js';
import type { GoMap, GoValue } from './render/json.js';
import { compareUtf8, goMap, isGoMap, marshalIndentOrdered } from './render/json.js';
import { TabWriter } from './render/tabwriter.js';
import { toKubectlYaml } from './render/yaml.js';
import { struct } from './typed.js';
import type { CommandOutput, KubeGet, RunOptions } from './types.js';

const fail = (e: KubeError): CommandOutput => ({
  stdout: '',
  stderr: checkErrText(e),
  exitCode: 1,
});

const usage = (verb: string, msg: string): CommandOutput => ({
  stdout: '',
  stderr: `error: ${msg}\nSee 'kubectl ${verb} -h' for help and examples\n`,
  exitCode: 1,
});

/** fmt's %v of a []string: `[a b]`. */
const goStrings = (xs: readonly string[]): string => `[${xs.join(' ')}]`;

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
  argv: string[],
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const flags = readArgv(argv.slice(1), [
    NAMESPACE_FLAG,
    OUTPUT_FLAG,
    { name: 'namespaced', kind: 'bool' },
    { name: 'api-group', kind: 'string' },
    { name: 'verbs', kind: 'string' },
    { name: 'categories', kind: 'string' },
    { name: 'sort-by', kind: 'string' },
    { name: 'cached', kind: 'bool' },
    { name: 'no-headers', kind: 'bool' },
  ]);
  if (flags.positionals.length > 0)
    return usage('api-resources', `unexpected arguments: ${goStrings(flags.positionals)}`);
  const output = flags.string('output') ?? '';
  if (!['', 'wide', 'name', 'json', 'yaml'].includes(output))
    return fail(
      plainError(
        `unable to match a printer suitable for the output format "${output}", allowed formats are: json,kyaml,name,wide,yaml`,
      ),
    );
  const sortBy = flags.string('sort-by') ?? '';
  if (!['', 'name', 'kind'].includes(sortBy))
    return fail(plainError('--sort-by accepts only name or kind'));
  const discovery = new Discovery(kube, opts.discoveryCache);
  try {
    if (flags.bool('cached')) await discovery.load();
    else await discovery.reload();
  } catch (err) {
    if (err instanceof DiscoveryError) return fail(err.error);
    throw err;
  }
  const group = flags.string('api-group');
  const namespaced = flags.has('namespaced') ? flags.bool('namespaced') : null;
  const split = (v: string | null): string[] => (v === null || v === '' ? [] : v.split(','));
  const verbs = split(flags.string('verbs'));
  const categories = split(flags.string('categories'));
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
  if (!flags.bool('no-headers'))
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

/** Runs `kubectl api-versions`. */
export async function runApiVersions(
  argv: string[],
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const flags = readArgv(argv.slice(1), [NAMESPACE_FLAG]);
  if (flags.positionals.length > 0)
    return usage('api-versions', `unexpected arguments: ${goStrings(flags.positionals)}`);
  const discovery = new Discovery(kube, opts.discoveryCache);
  try {
    await discovery.reload();
  } catch (err) {
    if (!(err instanceof DiscoveryError)) throw err;
    return fail(
      plainError(`couldn't get available api versions from server: ${errorString(err.error)}`),
    );
  }
  const versions = discovery
    .groupList()
    .flatMap((g) => g.versions.map((v) => (g.name === '' ? v : `${g.name}/${v}`)))
    .sort(compareUtf8);
  return { stdout: versions.map((v) => `${v}\n`).join(''), stderr: '', exitCode: 0 };
}

/**
 * The client the agent stands for. The agent reproduces kubectl v1.35.2 (the binary its parity
 * tests run against), so `version` reports that client, byte for byte as that binary does.
 */
export const KUBECTL_CLIENT_VERSION: ReadonlyArray<[string, string]> = [
  ['major', '1'],
  ['minor', '35'],
  ['gitVersion', 'v1.35.2'],
  ['gitCommit', 'fdc9d74cbf2da6754ebf81d56f80ae2948cd6425'],
  ['gitTreeState', 'clean'],
  ['buildDate', '2026-02-26T20:05:34Z'],
  ['goVersion', 'go1.25.7'],
  ['compiler', 'gc'],
  ['platform', 'linux/amd64'],
];
export const KUSTOMIZE_VERSION = 'v5.7.1';

/** apimachinery version.Info, in field order, omitting the empty optional fields. */
function versionInfo(v: GoValue | undefined): GoMap {
  const field = (k: string): string => str(v, k);
  const opt = (k: string): string | undefined => (field(k) === '' ? undefined : field(k));
  return struct([
    ['major', field('major')],
    ['minor', field('minor')],
    ['emulationMajor', opt('emulationMajor')],
    ['emulationMinor', opt('emulationMinor')],
    ['minCompatibilityMajor', opt('minCompatibilityMajor')],
    ['minCompatibilityMinor', opt('minCompatibilityMinor')],
    ['gitVersion', field('gitVersion')],
    ['gitCommit', field('gitCommit')],
    ['gitTreeState', field('gitTreeState')],
    ['buildDate', field('buildDate')],
    ['goVersion', field('goVersion')],
    ['compiler', field('compiler')],
    ['platform', field('platform')],
  ]);
}

/** version.ParseSemantic's major and minor, or null. */
function semanticMinor(v: string): [number, number] | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Runs `kubectl version`. */
export async function runVersion(argv: string[], kube: KubeGet): Promise<CommandOutput> {
  const flags = readArgv(argv.slice(1), [
    NAMESPACE_FLAG,
    OUTPUT_FLAG,
    { name: 'client', kind: 'bool' },
  ]);
  if (flags.positionals.length > 0)
    return fail(plainError(`extra arguments: ${goStrings(flags.positionals)}`));
  const output = flags.string('output') ?? '';
  if (output !== '' && output !== 'yaml' && output !== 'json')
    return fail(plainError("--output must be 'yaml' or 'json'"));
  const client = goMap(KUBECTL_CLIENT_VERSION.map(([k, v]) => [k, v]));
  let server: GoMap | null = null;
  let serverErr: KubeError | null = null;
  if (!flags.bool('client')) {
    try {
      const v = await fetchJson(kube, '/version', 'application/json, */*', {
        m: { group: '', version: '', resource: '', namespaced: false },
        name: '',
      });
      server = versionInfo(isGoMap(v) ? v : undefined);
    } catch (err) {
      if (!(err instanceof RequestFailed)) throw err;
      serverErr = err.error;
    }
  }
  let stdout = '';
  if (output === '') {
    stdout = `Client Version: v1.35.2\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
    if (server) stdout += `Server Version: ${str(server, 'gitVersion')}\n`;
  } else {
    const doc = struct([
      ['clientVersion', client],
      ['kustomizeVersion', KUSTOMIZE_VERSION],
      ['serverVersion', server ?? undefined],
    ]);
    stdout = output === 'json' ? `${marshalIndentOrdered(doc, '  ')}\n` : `${toKubectlYaml(doc)}\n`;
  }
  let stderr = '';
  if (server) {
    const s = semanticMinor(str(server, 'gitVersion'));
    if (s === null)
      return {
        stdout,
        stderr: checkErrText(
          plainError(
            `server version error: could not parse "${str(server, 'gitVersion')}" as version`,
          ),
        ),
        exitCode: 1,
      };
    if (s[0] !== 1 || Math.abs(s[1] - 35) > 1)
      stderr = `Warning: version difference between client (1.35) and server (${s[0]}.${s[1]}) exceeds the supported minor version skew of +/-1\n`;
  }
  if (serverErr) return { stdout, stderr: stderr + checkErrText(serverErr), exitCode: 1 };
  return { stdout, stderr, exitCode: 0 };
}

/** utilnet.JoinSchemeNamePort. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme !== '') return `${scheme}:${name}:${port}`;
  if (port !== '') return `${name}:${port}`;
  return name;
}

/** Runs `kubectl cluster-info` (not `dump`). */
export async function runClusterInfo(
  argv: string[],
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const flags = readArgv(argv.slice(1), [NAMESPACE_FLAG]);
  if (flags.positionals.length > 0)
    throw new ArgvError('cluster-info takes no arguments (dump is not read-only safe)');
  const namespace = flags.namespace() ?? 'kube-system';
  const host = opts.serverUrl ?? 'https://kubernetes.default.svc';
  const trailer =
    "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  let services: GoMap[];
  try {
    services = await listItems(kube, CORE.services, namespace, {
      labelSelector: 'kubernetes.io/cluster-service=true',
      limit: 0,
    });
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    return { stdout: trailer, stderr: checkErrText(err.error), exitCode: 1 };
  }
  let stdout = `Kubernetes control plane is running at ${host}\n`;
  for (const svc of services) {
    let link = '';
    const ingress = maps(svc, 'status', 'loadBalancer', 'ingress');
    const ports = maps(svc, 'spec', 'ports');
    if (ingress.length > 0) {
      const ip = str(ingress[0], 'ip') !== '' ? str(ingress[0], 'ip') : str(ingress[0], 'hostname');
      for (const p of ports) link += `http://${ip}:${int(p, 'port')} `;
    } else {
      let name = str(svc, 'metadata', 'name');
      if (ports.length > 0) {
        const p = ports[0] as GoMap;
        const scheme = str(p, 'name') === 'https' || int(p, 'port') === 443 ? 'https' : '';
        name = joinSchemeNamePort(scheme, name, str(p, 'name'));
      }
      link = `${host}/api/v1/namespaces/${str(svc, 'metadata', 'namespace')}/services/${name}/proxy`;
    }
    const label =
      stringMap(svc, 'metadata', 'labels').find(([k]) => k === 'kubernetes.io/name')?.[1] ?? '';
    stdout += `${label !== '' ? label : str(svc, 'metadata', 'name')} is running at ${link}\n`;
  }
  return { stdout: stdout + trailer, stderr: '', exitCode: 0 };
}
