// What a describer reads besides its object: the events about it, a Deployment's ReplicaSets, a Service's EndpointSlices.
import { CORE, RequestFailed, listItems } from '../resource/rest.js';
import { goSort } from '../go/sort.js';
import { parseTime } from '../go/time.js';
import { at, controllerOf, int, maps, str } from '../go/obj.js';
import type { GoMap, GoValue } from '../go/value.js';
import { compareUtf8, isGoMap } from '../go/value.js';
import { marshalIndentOrdered } from '../printers/json.js';
import { nameOf, namespaceOf, selectorString, uidOf } from './common.js';
import type { KubeGet } from '../resource/client.js';

export interface DescribeContext {
  kube: KubeGet;
  now: number;
  showEvents: boolean;
}

/** A describer: re-reads `name` and prints it; throws RequestFailed with kubectl's error. */
export type Describer = (ctx: DescribeContext, namespace: string, name: string) => Promise<string>;

interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

/** fields.Set.AsSelector().String(): sorted keys, values escaped. */
export function fieldSelector(set: Record<string, string>): string {
  const escape = (v: string): string =>
    v.replaceAll('\\', '\\\\').replaceAll(',', '\\,').replaceAll('=', '\\=');
  return Object.keys(set)
    .sort(compareUtf8)
    .map((k) => `${k}=${escape(set[k] as string)}`)
    .join(',');
}

/** searchEvents: core/v1 events whose involvedObject is `ref` (kind and uid only when known). */
export async function searchEvents(ctx: DescribeContext, ref: ObjectRef): Promise<GoMap[]> {
  const set: Record<string, string> = {
    'involvedObject.name': ref.name,
    'involvedObject.namespace': ref.namespace,
  };
  if (ref.kind !== '') set['involvedObject.kind'] = ref.kind;
  if (ref.uid !== '') set['involvedObject.uid'] = ref.uid;
  return listItems(ctx.kube, CORE.events, ref.namespace, { fieldSelector: fieldSelector(set) });
}

/** The `events, _ = searchEvents(...)` idiom: a failed search prints as no events. */
export async function eventsFor(
  ctx: DescribeContext,
  obj: GoMap,
  kind: string,
): Promise<GoMap[] | null> {
  if (!ctx.showEvents) return null;
  try {
    return await searchEvents(ctx, {
      kind,
      namespace: namespaceOf(obj),
      name: nameOf(obj),
      uid: uidOf(obj),
    });
  } catch (err) {
    if (err instanceof RequestFailed) return [];
    throw err;
  }
}

/** The selector as a string; an invalid operator fails the description, as it fails kubectl's. */
export function selectorOrThrow(sel: GoValue | undefined): string {
  const s = selectorString(sel);
  if (s === null) {
    const bad = maps(sel, 'matchExpressions').find(
      (e) => !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(str(e, 'operator')),
    );
    throw new RequestFailed({
      type: 'plain',
      message: `"${str(bad, 'operator')}" is not a valid label selector operator`,
    });
  }
  return s;
}

/** Semantic equality of two pod templates, ignoring the pod-template-hash label and zero values. */
function equalIgnoreHash(a: GoValue | undefined, b: GoValue | undefined): boolean {
  const strip = (v: GoValue | undefined, path: string): GoValue | undefined => {
    if (v === undefined || v === null || v === false || v === '' || v === 0n || v === 0)
      return undefined;
    if (Array.isArray(v)) {
      const xs = v.map((x) => strip(x, `${path}[]`) ?? null);
      return xs.length === 0 ? undefined : xs;
    }
    if (isGoMap(v)) {
      const out: GoMap = new Map();
      for (const k of [...v.keys()].sort(compareUtf8)) {
        if (path === '.metadata.labels' && k === 'pod-template-hash') continue;
        const x = strip(v.get(k), `${path}.${k}`);
        if (x !== undefined) out.set(k, x);
      }
      return out.size === 0 ? undefined : out;
    }
    return v;
  };
  // Keys were sorted while stripping, so the canonical JSON of both sides compares structurally.
  return marshalIndentOrdered(strip(a, '') ?? null) === marshalIndentOrdered(strip(b, '') ?? null);
}

const createdMs = (o: GoMap): number =>
  parseTime(at(o, 'metadata', 'creationTimestamp')) ?? -62135596800000;

/** deploymentutil.GetAllReplicaSets: the deployment's ReplicaSets, split into the new one and the old ones. */
export async function deploymentReplicaSets(
  kube: KubeGet,
  d: GoMap,
): Promise<{ newRs: GoMap | null; oldRs: GoMap[]; allOld: GoMap[] }> {
  const selector = selectorOrThrow(at(d, 'spec', 'selector'));
  const all = await listItems(kube, CORE.replicasets, namespaceOf(d), { labelSelector: selector });
  const owned = all.filter(
    (rs) => str(controllerOf(rs), 'uid') === uidOf(d) && controllerOf(rs) !== undefined,
  );
  goSort(owned, (a, b) => {
    const ta = createdMs(a);
    const tb = createdMs(b);
    return ta === tb ? nameOf(a) < nameOf(b) : ta < tb;
  });
  const newRs =
    owned.find((rs) => equalIgnoreHash(at(rs, 'spec', 'template'), at(d, 'spec', 'template'))) ??
    null;
  const allOld = owned.filter((rs) => rs !== newRs);
  const oldRs = allOld.filter((rs) => int(rs, 'spec', 'replicas') !== 0);
  return { newRs, oldRs, allOld };
}

export async function endpointSlicesFor(
  ctx: DescribeContext,
  namespace: string,
  service: string,
): Promise<GoMap[]> {
  return listItems(ctx.kube, CORE.endpointslices, namespace, {
    labelSelector: `kubernetes.io/service-name=${service}`,
    limit: 0,
  });
}
