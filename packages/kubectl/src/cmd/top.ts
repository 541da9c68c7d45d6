// runTop: kubectl top pod|node — usage from metrics.k8s.io/v1beta1, with kubectl's messages when metrics are missing.
import type { TopNodeRequest, TopPodRequest } from '@porthole/policy';
import type { ResourceRef } from '../resource/rest.js';
import {
  CORE,
  JSON_ACCEPT,
  RequestFailed,
  collectionPath,
  encodeQuery,
  fetchJson,
  getObject,
  listItems,
} from '../resource/rest.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText, plainError } from '../resource/errors.js';
import { goSort } from '../go/sort.js';
import { parseTime, goDurationString } from '../go/time.js';
import { at, maps, str } from '../go/obj.js';
import type { Quantity } from '../go/quantity.js';
import { ZERO, add, isZero, milliValue, quantityOrZero, value as qValue } from '../go/quantity.js';
import type { GoMap } from '../go/value.js';
import { isGoMap } from '../go/value.js';
import { TabWriter } from '../printers/tabwriter.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

const POD_METRICS: ResourceRef = {
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resource: 'pods',
  namespaced: true,
};
const NODE_METRICS: ResourceRef = {
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resource: 'nodes',
  namespaced: false,
};

class TopError extends Error {
  constructor(readonly error: KubeError) {
    super('top failed');
    this.name = 'TopError';
  }
}

const fail = (e: KubeError): CommandOutput => ({
  stdout: '',
  stderr: checkErrText(e),
  exitCode: 1,
});

/** SupportedMetricsAPIVersionAvailable: metrics.k8s.io serves v1beta1. */
async function metricsAvailable(kube: KubeGet, opts: RunOptions): Promise<void> {
  const discovery = new Discovery(kube, opts.discoveryCache);
  try {
    await discovery.load();
  } catch (err) {
    if (err instanceof DiscoveryError) throw new TopError(err.error);
    throw err;
  }
  const ok = discovery
    .groupList()
    .some((g) => g.name === 'metrics.k8s.io' && g.versions.includes('v1beta1'));
  if (!ok) throw new TopError(plainError('Metrics API not available'));
}

async function metricsList(
  kube: KubeGet,
  m: ResourceRef,
  namespace: string,
  name: string,
  label: string,
  field: string,
): Promise<GoMap[]> {
  try {
    if (name !== '') return [await getObject(kube, m, namespace, name)];
    const params: Array<[string, string]> = [];
    if (label !== '') params.push(['labelSelector', label]);
    if (field !== '') params.push(['fieldSelector', field]);
    const query = params.length > 0 ? `?${encodeQuery(params)}` : '';
    const list = await fetchJson(kube, `${collectionPath(m, namespace)}${query}`, JSON_ACCEPT, {
      m,
      name: '',
    });
    const items = isGoMap(list) ? list.get('items') : undefined;
    return Array.isArray(items) ? items.filter(isGoMap) : [];
  } catch (err) {
    if (err instanceof RequestFailed) throw new TopError(err.error);
    throw err;
  }
}

/** Sum of the containers' usage of `resource` (metricsutil.getPodMetrics). */
function podUsage(m: GoMap, resource: string): Quantity {
  let total = quantityOrZero('0');
  for (const c of maps(m, 'containers'))
    total = add(total, quantityOrZero(at(c, 'usage', resource)));
  return total;
}

function usageCell(resource: string, q: Quantity): string {
  if (resource === 'cpu') return `${milliValue(q)}m`;
  if (resource === 'memory' || resource === 'swap') return `${qValue(q) / (1024n * 1024n)}Mi`;
  return `${qValue(q)}`;
}

function table(write: (w: TabWriter) => void): string {
  let out = '';
  const w = new TabWriter((chunk) => {
    out += chunk;
  });
  write(w);
  w.flush();
  return out;
}

/** Runs `kubectl top pod`. */
export async function runTopPod(
  req: TopPodRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const name = req.name ?? '';
  const namespace = req.namespace ?? opts.defaultNamespace;
  const all = req.allNamespaces;
  const label = req.labelSelector ?? '';
  const field = req.fieldSelector ?? '';
  const sortBy = req.sortBy;
  if (name !== '' && (label !== '' || field !== ''))
    return fail(plainError('only one of NAME or selector can be provided'));
  const now = (opts.now ?? Date.now)();
  const resources = req.showSwap ? ['cpu', 'memory', 'swap'] : ['cpu', 'memory'];
  let metrics: GoMap[];
  let stderr = '';
  try {
    await metricsAvailable(kube, opts);
    metrics = await metricsList(kube, POD_METRICS, all ? '' : namespace, name, label, field);
    if (metrics.length === 0) {
      await verifyEmptyMetrics(kube, namespace, name, label, field, now);
      stderr = all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
    }
  } catch (err) {
    if (err instanceof TopError) return fail(err.error);
    throw err;
  }
  if (metrics.length === 0) return { stdout: '', stderr, exitCode: 0 };
  const withNamespace = all;
  const containers = req.containers;
  const stdout = table((w) => {
    let width = 1 + resources.length;
    if (!req.noHeaders) {
      if (withNamespace) {
        w.write('NAMESPACE\t');
        width++;
      }
      if (containers) {
        w.write('POD\t');
        width++;
      }
      w.write(
        [
          'NAME',
          'CPU(cores)',
          'MEMORY(bytes)',
          ...(resources.includes('swap') ? ['SWAP(bytes)'] : []),
        ]
          .map((c) => `${c}\t`)
          .join('') + '\n',
      );
    }
    const keyed = metrics.map((m) => ({
      m,
      usage: new Map(resources.map((r) => [r, podUsage(m, r)])),
    }));
    goSort(keyed, (a, b) => {
      if (sortBy === 'cpu')
        return (
          milliValue(a.usage.get('cpu') as Quantity) > milliValue(b.usage.get('cpu') as Quantity)
        );
      if (sortBy === 'memory')
        return (
          qValue(a.usage.get('memory') as Quantity) > qValue(b.usage.get('memory') as Quantity)
        );
      const na = str(a.m, 'metadata', 'namespace');
      const nb = str(b.m, 'metadata', 'namespace');
      if (withNamespace && na !== nb) return na < nb;
      return str(a.m, 'metadata', 'name') < str(b.m, 'metadata', 'name');
    });
    const line = (cells: string[]): void => w.write(cells.map((c) => `${c}\t`).join('') + '\n');
    for (const { m, usage } of keyed) {
      const ns = withNamespace ? [str(m, 'metadata', 'namespace')] : [];
      if (containers) {
        const cs = goSort([...maps(m, 'containers')], (a, b) => {
          if (sortBy === 'cpu')
            return (
              milliValue(quantityOrZero(at(a, 'usage', 'cpu'))) >
              milliValue(quantityOrZero(at(b, 'usage', 'cpu')))
            );
          if (sortBy === 'memory')
            return (
              qValue(quantityOrZero(at(a, 'usage', 'memory'))) >
              qValue(quantityOrZero(at(b, 'usage', 'memory')))
            );
          return str(a, 'name') < str(b, 'name');
        });
        for (const c of cs)
          line([
            ...ns,
            str(m, 'metadata', 'name'),
            str(c, 'name'),
            ...resources.map((r) => usageCell(r, quantityOrZero(at(c, 'usage', r)))),
          ]);
      } else {
        line([
          ...ns,
          str(m, 'metadata', 'name'),
          ...resources.map((r) => usageCell(r, usage.get(r) as Quantity)),
        ]);
      }
    }
    if (req.sum) {
      const total = new Map(resources.map((r) => [r, ZERO]));
      for (const { usage } of keyed)
        for (const r of resources)
          total.set(r, add(total.get(r) as Quantity, usage.get(r) as Quantity));
      w.write('\t'.repeat(Math.max(0, width - 2)) + '________\t________\t\n');
      line([
        ...Array<string>(Math.max(0, width - 3)).fill(''),
        '',
        ...resources.map((r) => usageCell(r, total.get(r) as Quantity)),
      ]);
    }
  });
  return { stdout, stderr, exitCode: 0 };
}

/** verifyEmptyMetrics: why a pod has no metrics yet, in kubectl's words. */
async function verifyEmptyMetrics(
  kube: KubeGet,
  namespace: string,
  name: string,
  label: string,
  field: string,
  now: number,
): Promise<void> {
  const checkAge = (pod: GoMap): void => {
    const created = parseTime(at(pod, 'metadata', 'creationTimestamp')) ?? -62135596800000;
    const age = now - created;
    if (age > 2 * 60_000)
      throw new TopError(
        plainError(
          `Metrics not available for pod ${str(pod, 'metadata', 'namespace')}/${str(pod, 'metadata', 'name')}, age: ${goDurationString(age)}`,
        ),
      );
  };
  try {
    if (name !== '') checkAge(await getObject(kube, CORE.pods, namespace, name));
    else {
      const pods = await listItems(kube, CORE.pods, namespace, {
        labelSelector: label,
        fieldSelector: field,
        limit: 0,
      });
      if (pods.length === 0) return;
      pods.forEach(checkAge);
    }
  } catch (err) {
    if (err instanceof RequestFailed) throw new TopError(err.error);
    throw err;
  }
  throw new TopError(plainError('metrics not available yet'));
}

/** Runs `kubectl top node`. */
export async function runTopNode(
  req: TopNodeRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const name = req.name ?? '';
  const label = req.labelSelector ?? '';
  const sortBy = req.sortBy;
  if (name !== '' && label !== '')
    return fail(plainError('only one of NAME or selector can be provided'));
  const showSwap = req.showSwap;
  const resources = showSwap ? ['cpu', 'memory', 'swap'] : ['cpu', 'memory'];
  let metrics: GoMap[];
  let nodes: GoMap[];
  try {
    await metricsAvailable(kube, opts);
    metrics = await metricsList(kube, NODE_METRICS, '', name, label, '');
    if (metrics.length === 0) throw new TopError(plainError('metrics not available yet'));
    nodes =
      name !== ''
        ? [await getObject(kube, CORE.nodes, '', name)]
        : await listItems(kube, CORE.nodes, '', { labelSelector: label, limit: 0 });
  } catch (err) {
    if (err instanceof TopError) return fail(err.error);
    if (err instanceof RequestFailed) return fail(err.error);
    throw err;
  }
  const field = req.showCapacity ? 'capacity' : 'allocatable';
  const available = new Map<string, { list: GoMap | undefined; missing: Set<string> }>();
  for (const n of nodes) {
    const list = at(n, 'status', field);
    const swap = at(n, 'status', 'nodeInfo', 'swap', 'capacity');
    const entry = {
      list: isGoMap(list) ? new Map(list) : (new Map() as GoMap),
      missing: new Set<string>(),
    };
    // NodeSwapStatus.capacity is a byte count (int64).
    if (typeof swap === 'bigint' || typeof swap === 'number')
      entry.list.set('swap', swap.toString());
    else entry.missing.add('swap');
    available.set(str(n, 'metadata', 'name'), entry);
  }
  const missingResources = new Map([...available].map(([k, v]) => [k, v.missing]));
  goSort(metrics, (a, b) => {
    if (sortBy === 'cpu')
      return (
        milliValue(quantityOrZero(at(a, 'usage', 'cpu'))) >
        milliValue(quantityOrZero(at(b, 'usage', 'cpu')))
      );
    if (sortBy === 'memory')
      return (
        qValue(quantityOrZero(at(a, 'usage', 'memory'))) >
        qValue(quantityOrZero(at(b, 'usage', 'memory')))
      );
    return str(a, 'metadata', 'name') < str(b, 'metadata', 'name');
  });
  const stdout = table((w) => {
    if (!req.noHeaders) {
      const cols = [
        'NAME',
        'CPU(cores)',
        'CPU(%)',
        'MEMORY(bytes)',
        'MEMORY(%)',
        ...(showSwap ? ['SWAP(bytes)', 'SWAP(%)'] : []),
      ];
      w.write(cols.map((c) => `${c}\t`).join('') + '\n');
    }
    for (const m of metrics) {
      const nodeName = str(m, 'metadata', 'name');
      const avail = available.get(nodeName);
      let line = `${nodeName}\t`;
      for (const r of resources) {
        if (missingResources.get(nodeName)?.has(r)) {
          line += '<unknown>\t<unknown>\t';
          continue;
        }
        const q = quantityOrZero(at(m, 'usage', r));
        line += `${usageCell(r, q)}\t`;
        if (avail?.list?.has(r)) {
          const a = quantityOrZero(avail.list.get(r));
          const fraction = isZero(a) ? 0 : (Number(milliValue(q)) / Number(milliValue(a))) * 100;
          line += `${Math.trunc(fraction)}%\t`;
        }
      }
      w.write(`${line}\n`);
      available.delete(nodeName);
    }
    // Nodes without metrics come last; kubectl lists them in Go map order, the agent by name.
    for (const nodeName of [...available.keys()].sort())
      w.write(`${nodeName}\t${'<unknown>\t<unknown>\t'.repeat(resources.length)}\n`);
  });
  return { stdout, stderr: '', exitCode: 0 };
}
