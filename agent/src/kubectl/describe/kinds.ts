// One describer per kind kubectl knows (describerMap), each re-reading the object and its related objects as kubectl does.
import type { ResourceRef } from '../client.js';
import { CORE, RequestFailed, getObject, listItems } from '../client.js';
import { goSort } from '../gosort.js';
import { errorString } from '../errors.js';
import { parseTime, rfc1123z, since, goTimeString } from '../gotime.js';
import { humanDuration } from '../render/table.js';
import {
  at,
  bool,
  controllerOf,
  has,
  int,
  intOrString,
  map,
  maps,
  str,
  stringMap,
  strings,
} from '../obj.js';
import {
  add,
  cmp,
  isZero,
  milliValue,
  quantityOrZero,
  quantityString,
  value as qValue,
  ZERO,
  type Quantity,
} from '../quantity.js';
import { sprintGo } from '../render/gofmt.js';
import type { GoMap, GoValue } from '../render/json.js';
import { compareUtf8, isGoMap, marshalIndentOrdered } from '../render/json.js';
import {
  annotationsOf,
  describeEvents,
  formatLabelMap,
  formatLabelSelector,
  labelsOf,
  nameOf,
  namespaceOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printPodsMultiline,
  printTaintsMultiline,
  selectorString,
  uidOf,
} from './common.js';
import {
  accessModes,
  claimClass,
  describePod,
  describePodTemplate,
  describeResources,
  printCsiAttributes,
  printPersistentVolumeClaim,
  resourceList,
} from './pod.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from './writer.js';
import type { KubeGet } from '../types.js';
import type { Mapping } from '../discovery.js';

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
function fieldSelector(set: Record<string, string>): string {
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
async function eventsFor(ctx: DescribeContext, obj: GoMap, kind: string): Promise<GoMap[] | null> {
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

const printBool = (b: boolean): string => (b ? 'True' : 'False');
const printBoolPtr = (v: GoValue | undefined): string =>
  v === undefined || v === null ? '<unset>' : printBool(v === true);

// --- pods and their owners -----------------------------------------------------------------------

const describePodKind: Describer = async (ctx, namespace, name) => {
  let pod: GoMap;
  try {
    pod = await getObject(ctx.kube, CORE.pods, namespace, name);
  } catch (err) {
    if (!(err instanceof RequestFailed) || !ctx.showEvents) throw err;
    // A pod that is gone may still have events worth showing.
    let events: GoMap[] = [];
    try {
      events = await listItems(ctx.kube, CORE.events, namespace, {
        fieldSelector: fieldSelector({
          'involvedObject.name': name,
          'involvedObject.namespace': namespace,
        }),
      });
    } catch (inner) {
      if (!(inner instanceof RequestFailed)) throw inner;
    }
    if (events.length === 0) throw err;
    return tabbedString((w) => {
      w.write(LEVEL_0, `Pod '${name}': error '${errorString(err.error)}', but found events.\n`);
      describeEvents(events, w, ctx.now);
    });
  }
  let events: GoMap[] | null = null;
  if (ctx.showEvents) {
    const mirror = map(pod, 'metadata', 'annotations')?.get('kubernetes.io/config.mirror');
    const uid = typeof mirror === 'string' ? mirror : uidOf(pod);
    try {
      events = await searchEvents(ctx, {
        kind: '',
        namespace: namespaceOf(pod),
        name: nameOf(pod),
        uid,
      });
    } catch (err) {
      if (!(err instanceof RequestFailed)) throw err;
      events = [];
    }
  }
  return describePod(pod, events, ctx.now);
};

interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** getPodStatusForController: phases of the pods the controller `uid` owns among those its selector matches. */
async function podStatusFor(
  ctx: DescribeContext,
  namespace: string,
  selector: string,
  uid: string,
): Promise<PodCounts> {
  const pods = await listItems(ctx.kube, CORE.pods, namespace, { labelSelector: selector });
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    const ref = controllerOf(p);
    if (!ref || str(ref, 'uid') !== uid) continue;
    const phase = str(p, 'status', 'phase');
    if (phase === 'Running') counts.running++;
    else if (phase === 'Pending') counts.waiting++;
    else if (phase === 'Succeeded') counts.succeeded++;
    else if (phase === 'Failed') counts.failed++;
  }
  return counts;
}

const podsStatusText = (c: PodCounts): string =>
  `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;

function selectorOrThrow(sel: GoValue | undefined): string {
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

function conditionsTable(w: PrefixWriter, conditions: GoMap[]): void {
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions)
    w.write(LEVEL_1, `${str(c, 'type')} \t${str(c, 'status')}\t${str(c, 'reason')}\n`);
}

const describeReplicaSet: Describer = async (ctx, namespace, name) => {
  const rs = await getObject(ctx.kube, CORE.replicasets, namespace, name);
  const selector = selectorOrThrow(at(rs, 'spec', 'selector'));
  let counts: PodCounts | null = null;
  let podErr = '';
  try {
    counts = await podStatusFor(ctx, namespace, selector, uidOf(rs));
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    podErr = errorString(err.error);
  }
  const events = await eventsFor(ctx, rs, 'ReplicaSet');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(rs)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(rs)}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(at(rs, 'spec', 'selector'))}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(rs));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(rs));
    const ctrl = controllerOf(rs);
    if (ctrl) w.write(LEVEL_0, `Controlled By:\t${str(ctrl, 'kind')}/${str(ctrl, 'name')}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${int(rs, 'status', 'replicas')} current / ${int(rs, 'spec', 'replicas')} desired\n`,
    );
    w.write(LEVEL_0, 'Pods Status:\t');
    if (counts === null) w.write(LEVEL_0, `error in fetching pods: ${podErr}\n`);
    else w.write(LEVEL_0, `${podsStatusText(counts)}\n`);
    describePodTemplate(map(rs, 'spec', 'template') ?? new Map(), w);
    conditionsTable(w, maps(rs, 'status', 'conditions'));
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

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

const rsSummary = (list: GoMap[]): string =>
  list.length === 0
    ? '<none>'
    : list
        .map(
          (rs) =>
            `${nameOf(rs)} (${int(rs, 'status', 'replicas')}/${int(rs, 'spec', 'replicas')} replicas created)`,
        )
        .join(', ');

const intOrStringPtr = (v: GoValue | undefined, ...path: string[]): string =>
  has(v, ...path) ? intOrString(v, ...path) : '<nil>';

const describeDeployment: Describer = async (ctx, namespace, name) => {
  const d = await getObject(ctx.kube, CORE.deployments, namespace, name);
  const events = await eventsFor(ctx, d, 'Deployment');
  let rsets: { newRs: GoMap | null; allOld: GoMap[] } = { newRs: null, allOld: [] };
  try {
    rsets = await deploymentReplicaSets(ctx.kube, d);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
  }
  const selector = selectorOrThrow(at(d, 'spec', 'selector'));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(d)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(d)}\n`);
    w.write(
      LEVEL_0,
      `CreationTimestamp:\t${rfc1123z(parseTime(at(d, 'metadata', 'creationTimestamp')))}\n`,
    );
    printLabelsMultiline(w, 'Labels', labelsOf(d));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(d));
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${int(d, 'spec', 'replicas')} desired | ${int(d, 'status', 'updatedReplicas')} updated | ${int(d, 'status', 'replicas')} total | ${int(d, 'status', 'availableReplicas')} available | ${int(d, 'status', 'unavailableReplicas')} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${str(d, 'spec', 'strategy', 'type')}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${int(d, 'spec', 'minReadySeconds')}\n`);
    if (has(d, 'spec', 'strategy', 'rollingUpdate')) {
      const ru = map(d, 'spec', 'strategy', 'rollingUpdate');
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrStringPtr(ru, 'maxUnavailable')} max unavailable, ${intOrStringPtr(ru, 'maxSurge')} max surge\n`,
      );
    }
    describePodTemplate(map(d, 'spec', 'template') ?? new Map(), w);
    conditionsTable(w, maps(d, 'status', 'conditions'));
    const newList = rsets.newRs ? [rsets.newRs] : [];
    if (rsets.allOld.length > 0 || newList.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${rsSummary(rsets.allOld)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${rsSummary(newList)}\n`);
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeStatefulSet: Describer = async (ctx, namespace, name) => {
  const ps = await getObject(ctx.kube, CORE.statefulsets, namespace, name);
  const selector = selectorOrThrow(at(ps, 'spec', 'selector'));
  const counts = await podStatusFor(ctx, namespace, selector, uidOf(ps));
  const events = await eventsFor(ctx, ps, 'StatefulSet');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(ps)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(ps)}\n`);
    w.write(
      LEVEL_0,
      `CreationTimestamp:\t${rfc1123z(parseTime(at(ps, 'metadata', 'creationTimestamp')))}\n`,
    );
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(ps));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(ps));
    w.write(
      LEVEL_0,
      `Replicas:\t${int(ps, 'spec', 'replicas')} desired | ${int(ps, 'status', 'replicas')} total\n`,
    );
    w.write(LEVEL_0, `Update Strategy:\t${str(ps, 'spec', 'updateStrategy', 'type')}\n`);
    const ru = map(ps, 'spec', 'updateStrategy', 'rollingUpdate');
    if (ru && has(ru, 'partition')) {
      w.write(LEVEL_1, `Partition:\t${int(ru, 'partition')}\n`);
      if (has(ru, 'maxUnavailable'))
        w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru, 'maxUnavailable')}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatusText(counts)}\n`);
    describePodTemplate(map(ps, 'spec', 'template') ?? new Map(), w);
    const templates = maps(ps, 'spec', 'volumeClaimTemplates');
    if (templates.length === 0) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    else {
      w.write(LEVEL_0, 'Volume Claims:\n');
      for (const pvc of templates) {
        w.write(LEVEL_1, `Name:\t${nameOf(pvc)}\n`);
        w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
        printLabelsMultiline(w, 'Labels', labelsOf(pvc), '  ');
        printLabelsMultiline(w, 'Annotations', annotationsOf(pvc), '  ');
        const storage = at(pvc, 'spec', 'resources', 'requests', 'storage');
        w.write(
          LEVEL_1,
          `Capacity:\t${storage === undefined ? '<default>' : quantityString(quantityOrZero(storage))}\n`,
        );
        w.write(LEVEL_1, `Access Modes:\t[${strings(pvc, 'spec', 'accessModes').join(' ')}]\n`);
      }
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeDaemonSet: Describer = async (ctx, namespace, name) => {
  const ds = await getObject(ctx.kube, CORE.daemonsets, namespace, name);
  const selector = selectorOrThrow(at(ds, 'spec', 'selector'));
  const counts = await podStatusFor(ctx, namespace, selector, uidOf(ds));
  const events = await eventsFor(ctx, ds, 'DaemonSet');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(ds)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(ds)}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(
      LEVEL_0,
      `Node-Selector:\t${formatLabelMap(stringMap(ds, 'spec', 'template', 'spec', 'nodeSelector'))}\n`,
    );
    printLabelsMultiline(w, 'Labels', labelsOf(ds));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(ds));
    w.write(
      LEVEL_0,
      `Desired Number of Nodes Scheduled: ${int(ds, 'status', 'desiredNumberScheduled')}\n`,
    );
    w.write(
      LEVEL_0,
      `Current Number of Nodes Scheduled: ${int(ds, 'status', 'currentNumberScheduled')}\n`,
    );
    w.write(
      LEVEL_0,
      `Number of Nodes Scheduled with Up-to-date Pods: ${int(ds, 'status', 'updatedNumberScheduled')}\n`,
    );
    w.write(
      LEVEL_0,
      `Number of Nodes Scheduled with Available Pods: ${int(ds, 'status', 'numberAvailable')}\n`,
    );
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${int(ds, 'status', 'numberMisscheduled')}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusText(counts)}\n`);
    describePodTemplate(map(ds, 'spec', 'template') ?? new Map(), w);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

function capIndexes(indexes: string, softLimit: number): string {
  if (indexes.length === 0) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return indexes.slice(0, ix + 1) + '...';
}

function jobSelector(sel: GoValue | undefined): string {
  const s = selectorString(sel);
  if (s !== null) return s;
  const bad = maps(sel, 'matchExpressions').find(
    (e) => !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(str(e, 'operator')),
  );
  return `Failed to get selector: "${str(bad, 'operator')}" is not a valid label selector operator`;
}

const describeJob: Describer = async (ctx, namespace, name) => {
  const job = await getObject(ctx.kube, CORE.jobs, namespace, name);
  const events = await eventsFor(ctx, job, 'Job');
  return tabbedString((w) => {
    const spec = map(job, 'spec');
    const status = map(job, 'status');
    w.write(LEVEL_0, `Name:\t${nameOf(job)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(job)}\n`);
    const sel = jobSelector(at(spec, 'selector'));
    w.write(
      LEVEL_0,
      sel.startsWith('Failed to get selector') ? `Selector:\t${sel}\n` : `Selector:\t${sel}\n`,
    );
    printLabelsMultiline(w, 'Labels', labelsOf(job));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(job));
    const ctrl = controllerOf(job);
    if (ctrl) w.write(LEVEL_0, `Controlled By:\t${str(ctrl, 'kind')}/${str(ctrl, 'name')}\n`);
    if (has(spec, 'parallelism')) w.write(LEVEL_0, `Parallelism:\t${int(spec, 'parallelism')}\n`);
    w.write(
      LEVEL_0,
      has(spec, 'completions')
        ? `Completions:\t${int(spec, 'completions')}\n`
        : 'Completions:\t<unset>\n',
    );
    if (has(spec, 'completionMode'))
      w.write(LEVEL_0, `Completion Mode:\t${str(spec, 'completionMode')}\n`);
    if (has(spec, 'suspend')) w.write(LEVEL_0, `Suspend:\t${bool(spec, 'suspend')}\n`);
    if (has(spec, 'backoffLimit'))
      w.write(LEVEL_0, `Backoff Limit:\t${int(spec, 'backoffLimit')}\n`);
    if (has(spec, 'ttlSecondsAfterFinished'))
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${int(spec, 'ttlSecondsAfterFinished')}\n`);
    const start = parseTime(at(status, 'startTime'));
    const completion = parseTime(at(status, 'completionTime'));
    if (start !== null) w.write(LEVEL_0, `Start Time:\t${rfc1123z(start)}\n`);
    if (completion !== null) w.write(LEVEL_0, `Completed At:\t${rfc1123z(completion)}\n`);
    if (start !== null && completion !== null)
      w.write(LEVEL_0, `Duration:\t${humanDuration(completion - start)}\n`);
    if (has(spec, 'activeDeadlineSeconds'))
      w.write(LEVEL_0, `Active Deadline Seconds:\t${int(spec, 'activeDeadlineSeconds')}s\n`);
    if (!has(status, 'ready'))
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${int(status, 'active')} Active / ${int(status, 'succeeded')} Succeeded / ${int(status, 'failed')} Failed\n`,
      );
    else
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${int(status, 'active')} Active (${int(status, 'ready')} Ready) / ${int(status, 'succeeded')} Succeeded / ${int(status, 'failed')} Failed\n`,
      );
    if (str(spec, 'completionMode') === 'Indexed')
      w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(str(status, 'completedIndexes'), 50)}\n`);
    describePodTemplate(map(spec, 'template') ?? new Map(), w);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeCronJob: Describer = async (ctx, namespace, name) => {
  const cj = await getObject(ctx.kube, CORE.cronjobs, namespace, name);
  const events = await eventsFor(ctx, cj, 'CronJob');
  return tabbedString((w) => {
    const spec = map(cj, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(cj)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(cj)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(cj));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(cj));
    w.write(LEVEL_0, `Schedule:\t${str(spec, 'schedule')}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${str(spec, 'concurrencyPolicy')}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(at(spec, 'suspend'))}\n`);
    const opt = (field: string, title: string, suffix = ''): void => {
      w.write(
        LEVEL_0,
        has(spec, field) ? `${title}:\t${int(spec, field)}${suffix}\n` : `${title}:\t<unset>\n`,
      );
    };
    opt('successfulJobsHistoryLimit', 'Successful Job History Limit');
    opt('failedJobsHistoryLimit', 'Failed Job History Limit');
    opt('startingDeadlineSeconds', 'Starting Deadline Seconds', 's');
    const jt = map(spec, 'jobTemplate', 'spec');
    w.write(
      LEVEL_0,
      has(jt, 'selector')
        ? `Selector:\t${jobSelector(at(jt, 'selector'))}\n`
        : 'Selector:\t<unset>\n',
    );
    w.write(
      LEVEL_0,
      has(jt, 'parallelism')
        ? `Parallelism:\t${int(jt, 'parallelism')}\n`
        : 'Parallelism:\t<unset>\n',
    );
    w.write(
      LEVEL_0,
      has(jt, 'completions')
        ? `Completions:\t${int(jt, 'completions')}\n`
        : 'Completions:\t<unset>\n',
    );
    if (has(jt, 'activeDeadlineSeconds'))
      w.write(LEVEL_0, `Active Deadline Seconds:\t${int(jt, 'activeDeadlineSeconds')}s\n`);
    describePodTemplate(map(jt, 'template') ?? new Map(), w);
    const last = parseTime(at(cj, 'status', 'lastScheduleTime'));
    w.write(
      LEVEL_0,
      last !== null ? `Last Schedule Time:\t${rfc1123z(last)}\n` : 'Last Schedule Time:\t<unset>\n',
    );
    const active = maps(cj, 'status', 'active');
    w.write(LEVEL_0, 'Active Jobs:\t');
    if (active.length === 0) w.writeLine('<none>');
    else {
      active.forEach((j, i) => {
        if (i !== 0) w.write(LEVEL_0, ', ');
        w.write(LEVEL_0, str(j, 'name'));
      });
      w.writeLine('');
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

// --- services and networking ---------------------------------------------------------------------

/** formatEndpointSlices: up to three ready addresses, then `+ N more...`. */
function formatEndpointSlices(slices: GoMap[], ports: Set<string> | null): string {
  if (slices.length === 0) return '<none>';
  const out: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const endpoints = maps(s, 'endpoints');
    const sPorts = maps(s, 'ports');
    const ready = (e: GoMap): boolean =>
      !has(e, 'conditions', 'ready') || bool(e, 'conditions', 'ready');
    if (sPorts.length === 0) {
      for (const e of endpoints) {
        if (out.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) out.push(strings(e, 'addresses')[0] ?? '');
        count++;
      }
    } else {
      for (const p of sPorts) {
        if (ports !== null && !ports.has(str(p, 'name'))) continue;
        for (const e of endpoints) {
          if (out.length === max) more = true;
          const addr = strings(e, 'addresses')[0] ?? '';
          if (!ready(e)) continue;
          if (!more)
            out.push(
              addr.includes(':') ? `[${addr}]:${int(p, 'port')}` : `${addr}:${int(p, 'port')}`,
            );
          count++;
        }
      }
    }
  }
  const joined = out.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

async function endpointSlicesFor(
  ctx: DescribeContext,
  namespace: string,
  service: string,
): Promise<GoMap[]> {
  return listItems(ctx.kube, CORE.endpointslices, namespace, {
    labelSelector: `kubernetes.io/service-name=${service}`,
    limit: 0,
  });
}

const describeService: Describer = async (ctx, namespace, name) => {
  const svc = await getObject(ctx.kube, CORE.services, namespace, name);
  let slices: GoMap[] = [];
  try {
    slices = await endpointSlicesFor(ctx, namespace, name);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
  }
  const events = await eventsFor(ctx, svc, 'Service');
  return tabbedString((w) => {
    const spec = map(svc, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(svc)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(svc)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(svc));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(svc));
    w.write(LEVEL_0, `Selector:\t${formatLabelMap(stringMap(spec, 'selector'))}\n`);
    w.write(LEVEL_0, `Type:\t${str(spec, 'type')}\n`);
    if (has(spec, 'ipFamilyPolicy'))
      w.write(LEVEL_0, `IP Family Policy:\t${str(spec, 'ipFamilyPolicy')}\n`);
    const families = strings(spec, 'ipFamilies');
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${str(spec, 'clusterIP')}\n`);
    const ips = strings(spec, 'clusterIPs');
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
    const external = strings(spec, 'externalIPs');
    if (external.length > 0) w.write(LEVEL_0, `External IPs:\t${external.join(',')}\n`);
    if (str(spec, 'loadBalancerIP') !== '')
      w.write(LEVEL_0, `Desired LoadBalancer IP:\t${str(spec, 'loadBalancerIP')}\n`);
    if (str(spec, 'externalName') !== '')
      w.write(LEVEL_0, `External Name:\t${str(spec, 'externalName')}\n`);
    const ingress = maps(svc, 'status', 'loadBalancer', 'ingress');
    if (ingress.length > 0) {
      const text = ingress
        .map((i) =>
          str(i, 'ip') !== ''
            ? str(i, 'ip') + (has(i, 'ipMode') ? ` (${str(i, 'ipMode')})` : '')
            : str(i, 'hostname'),
        )
        .join(', ');
      w.write(LEVEL_0, `LoadBalancer Ingress:\t${text}\n`);
    }
    for (const p of maps(spec, 'ports')) {
      const pname = str(p, 'name') === '' ? '<unset>' : str(p, 'name');
      const proto = str(p, 'protocol');
      w.write(LEVEL_0, `Port:\t${pname}\t${int(p, 'port')}/${proto}\n`);
      w.write(
        LEVEL_0,
        `TargetPort:\t${has(p, 'targetPort') ? intOrString(p, 'targetPort') : '0'}/${proto}\n`,
      );
      if (int(p, 'nodePort') !== 0)
        w.write(LEVEL_0, `NodePort:\t${pname}\t${int(p, 'nodePort')}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([str(p, 'name')]))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${str(spec, 'sessionAffinity')}\n`);
    if (str(spec, 'externalTrafficPolicy') !== '')
      w.write(LEVEL_0, `External Traffic Policy:\t${str(spec, 'externalTrafficPolicy')}\n`);
    if (has(spec, 'internalTrafficPolicy'))
      w.write(LEVEL_0, `Internal Traffic Policy:\t${str(spec, 'internalTrafficPolicy')}\n`);
    if (int(spec, 'healthCheckNodePort') !== 0)
      w.write(LEVEL_0, `HealthCheck NodePort:\t${int(spec, 'healthCheckNodePort')}\n`);
    const ranges = strings(spec, 'loadBalancerSourceRanges');
    if (ranges.length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${ranges.join(',')}\n`);
    if (has(spec, 'trafficDistribution'))
      w.write(LEVEL_0, `Traffic Distribution:\t${str(spec, 'trafficDistribution')}\n`);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeEndpoints: Describer = async (ctx, namespace, name) => {
  const ep = await getObject(ctx.kube, CORE.endpoints, namespace, name);
  const events = await eventsFor(ctx, ep, 'Endpoints');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(ep)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(ep)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(ep));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(ep));
    w.write(LEVEL_0, 'Subsets:\n');
    for (const s of maps(ep, 'subsets')) {
      const addrs = maps(s, 'addresses')
        .map((a) => str(a, 'ip'))
        .join(',');
      w.write(LEVEL_1, `Addresses:\t${addrs === '' ? '<none>' : addrs}\n`);
      const notReady = maps(s, 'notReadyAddresses')
        .map((a) => str(a, 'ip'))
        .join(',');
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady === '' ? '<none>' : notReady}\n`);
      const ports = maps(s, 'ports');
      if (ports.length > 0) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of ports)
          w.write(
            LEVEL_2,
            `${str(p, 'name') === '' ? '<unset>' : str(p, 'name')}\t${int(p, 'port')}\t${str(p, 'protocol')}\n`,
          );
      }
      w.write(LEVEL_0, '\n');
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeEndpointSlice: Describer = async (ctx, namespace, name) => {
  const eps = await getObject(ctx.kube, CORE.endpointslices, namespace, name);
  const events = await eventsFor(ctx, eps, 'EndpointSlice');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(eps)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(eps)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(eps));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(eps));
    w.write(LEVEL_0, `AddressType:\t${str(eps, 'addressType')}\n`);
    const ports = maps(eps, 'ports');
    if (ports.length === 0) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of ports) {
        const pname = str(p, 'name') !== '' ? str(p, 'name') : '<unset>';
        const num = has(p, 'port') ? String(int(p, 'port')) : '<unset>';
        w.write(LEVEL_1, `${pname}\t${num}\t${str(p, 'protocol')}\n`);
      }
    }
    const endpoints = maps(eps, 'endpoints');
    if (endpoints.length === 0) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const e of endpoints) {
        const addrs = strings(e, 'addresses').join(', ');
        w.write(LEVEL_1, `- Addresses:\t${addrs === '' ? '<none>' : addrs}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        w.write(
          LEVEL_3,
          `Ready:\t${has(e, 'conditions', 'ready') ? String(bool(e, 'conditions', 'ready')) : '<unset>'}\n`,
        );
        w.write(LEVEL_2, `Hostname:\t${has(e, 'hostname') ? str(e, 'hostname') : '<unset>'}\n`);
        if (has(e, 'targetRef'))
          w.write(
            LEVEL_2,
            `TargetRef:\t${str(e, 'targetRef', 'kind')}/${str(e, 'targetRef', 'name')}\n`,
          );
        w.write(LEVEL_2, `NodeName:\t${has(e, 'nodeName') ? str(e, 'nodeName') : '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${has(e, 'zone') ? str(e, 'zone') : '<unset>'}\n`);
      }
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeIngress: Describer = async (ctx, namespace, name) => {
  const ing = await getObject(ctx.kube, CORE.ingresses, namespace, name);
  const events = await eventsFor(ctx, ing, 'Ingress');
  const backend = async (b: GoMap): Promise<string> => {
    if (has(b, 'service')) {
      const svcName = str(b, 'service', 'name');
      const portNumber = int(b, 'service', 'port', 'number');
      const portName = str(b, 'service', 'port', 'name');
      const sb = `${svcName}:${portNumber !== 0 ? String(portNumber) : portName}`;
      let slices: GoMap[];
      let svc: GoMap;
      try {
        slices = await endpointSlicesFor(ctx, namespace, svcName);
        svc = await getObject(ctx.kube, CORE.services, namespace, svcName);
      } catch (err) {
        if (!(err instanceof RequestFailed)) throw err;
        return `${sb} (<error: ${errorString(err.error)}>)`;
      }
      let spName = '';
      for (const sp of maps(svc, 'spec', 'ports')) {
        if (portNumber !== 0 && portNumber === int(sp, 'port')) spName = str(sp, 'name');
        else if (portName !== '' && portName === str(sp, 'name')) spName = str(sp, 'name');
      }
      return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
    }
    if (has(b, 'resource')) {
      const apiGroup = has(b, 'resource', 'apiGroup') ? str(b, 'resource', 'apiGroup') : '<none>';
      return `APIGroup: ${apiGroup}, Kind: ${str(b, 'resource', 'kind')}, Name: ${str(b, 'resource', 'name')}`;
    }
    return '';
  };
  const def = map(ing, 'spec', 'defaultBackend');
  const defaultText = def ? await backend(def) : '<default>';
  const rules: Array<{ host: string; paths: Array<[string, string]> }> = [];
  for (const r of maps(ing, 'spec', 'rules')) {
    if (!has(r, 'http')) continue;
    const paths: Array<[string, string]> = [];
    for (const p of maps(r, 'http', 'paths'))
      paths.push([str(p, 'path'), await backend(map(p, 'backend') ?? (new Map() as GoMap))]);
    rules.push({ host: str(r, 'host') === '' ? '*' : str(r, 'host'), paths });
  }
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(ing)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(ing));
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(ing)}\n`);
    const addrs = new Set<string>();
    for (const i of maps(ing, 'status', 'loadBalancer', 'ingress')) {
      if (str(i, 'ip') !== '') addrs.add(str(i, 'ip'));
      else if (str(i, 'hostname') !== '') addrs.add(str(i, 'hostname'));
    }
    w.write(LEVEL_0, `Address:\t${[...addrs].sort(compareUtf8).join(',')}\n`);
    w.write(
      LEVEL_0,
      `Ingress Class:\t${has(ing, 'spec', 'ingressClassName') ? str(ing, 'spec', 'ingressClassName') : '<none>'}\n`,
    );
    w.write(LEVEL_0, `Default backend:\t${defaultText}\n`);
    const tls = maps(ing, 'spec', 'tls');
    if (tls.length > 0) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of tls) {
        const hosts = strings(t, 'hosts').join(',');
        w.write(
          LEVEL_1,
          str(t, 'secretName') === ''
            ? `SNI routes ${hosts}\n`
            : `${str(t, 'secretName')} terminates ${hosts}\n`,
        );
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    for (const r of rules) {
      w.write(LEVEL_1, `${r.host}\t\n`);
      for (const [path, b] of r.paths) w.write(LEVEL_2, `\t${path} \t${b}\n`);
    }
    if (rules.length === 0) w.write(LEVEL_1, `*\t*\t${defaultText}\n`);
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(ing));
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeIngressClass: Describer = async (ctx, _namespace, name) => {
  const ic = await getObject(
    ctx.kube,
    { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', namespaced: false },
    '',
    name,
  );
  const events = await eventsFor(ctx, ic, 'IngressClass');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(ic)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(ic));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(ic));
    w.write(LEVEL_0, `Controller:\t${str(ic, 'spec', 'controller')}\n`);
    const p = map(ic, 'spec', 'parameters');
    if (p) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (has(p, 'apiGroup')) w.write(LEVEL_1, `APIGroup:\t${str(p, 'apiGroup')}\n`);
      w.write(LEVEL_1, `Kind:\t${str(p, 'kind')}\n`);
      w.write(LEVEL_1, `Name:\t${str(p, 'name')}\n`);
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

function networkPolicyPeers(
  w: PrefixWriter,
  rules: GoMap[],
  peerField: 'from' | 'to',
  indent: string,
): void {
  const what = peerField === 'from' ? 'ingress' : 'egress';
  if (rules.length === 0) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${what} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    const ports = maps(rule, 'ports');
    if (ports.length === 0)
      w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of ports) {
      const proto = has(p, 'protocol') ? str(p, 'protocol') : 'TCP';
      const port = has(p, 'port') ? intOrString(p, 'port') : '<nil>';
      if (!has(p, 'endPort')) w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
      else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${int(p, 'endPort')}/${proto}\n`);
    }
    const peers = maps(rule, peerField);
    const label = peerField === 'from' ? 'From' : 'To';
    if (peers.length === 0) {
      w.write(
        LEVEL_0,
        peerField === 'from'
          ? `${indent}From: <any> (traffic not restricted by source)\n`
          : `${indent}To: <any> (traffic not restricted by destination)\n`,
      );
    } else {
      for (const peer of peers) {
        w.write(LEVEL_0, `${indent}${label}:\n`);
        if (has(peer, 'podSelector') && has(peer, 'namespaceSelector')) {
          w.write(
            LEVEL_1,
            `${indent}NamespaceSelector: ${formatLabelSelector(at(peer, 'namespaceSelector'))}\n`,
          );
          w.write(
            LEVEL_1,
            `${indent}PodSelector: ${formatLabelSelector(at(peer, 'podSelector'))}\n`,
          );
        } else if (has(peer, 'podSelector')) {
          w.write(
            LEVEL_1,
            `${indent}PodSelector: ${formatLabelSelector(at(peer, 'podSelector'))}\n`,
          );
        } else if (has(peer, 'namespaceSelector')) {
          w.write(
            LEVEL_1,
            `${indent}NamespaceSelector: ${formatLabelSelector(at(peer, 'namespaceSelector'))}\n`,
          );
        } else if (has(peer, 'ipBlock')) {
          w.write(LEVEL_1, `${indent}IPBlock:\n`);
          w.write(LEVEL_2, `${indent}CIDR: ${str(peer, 'ipBlock', 'cidr')}\n`);
          w.write(LEVEL_2, `${indent}Except: ${strings(peer, 'ipBlock', 'except').join(', ')}\n`);
        }
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

const describeNetworkPolicy: Describer = async (ctx, namespace, name) => {
  const np = await getObject(
    ctx.kube,
    { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', namespaced: true },
    namespace,
    name,
  );
  return tabbedString((w) => {
    const spec = map(np, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(np)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(np)}\n`);
    w.write(
      LEVEL_0,
      `Created on:\t${goTimeString(parseTime(at(np, 'metadata', 'creationTimestamp')))}\n`,
    );
    printLabelsMultiline(w, 'Labels', labelsOf(np));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(np));
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const ps = at(spec, 'podSelector');
    if (stringMap(ps, 'matchLabels').length === 0 && maps(ps, 'matchExpressions').length === 0)
      w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(LEVEL_2, `${formatLabelSelector(ps)}\n`);
    const types = strings(spec, 'policyTypes');
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      networkPolicyPeers(w, maps(spec, 'ingress'), 'from', '    ');
    } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      networkPolicyPeers(w, maps(spec, 'egress'), 'to', '    ');
    } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
    w.write(LEVEL_1, `Policy Types: ${types.length > 0 ? types.join(', ') : '<none>'}\n`);
  });
};

// --- configuration and identity ------------------------------------------------------------------

const describeConfigMap: Describer = async (ctx, namespace, name) => {
  const cm = await getObject(ctx.kube, CORE.configmaps, namespace, name);
  // Unlike the other describers, a failed event search fails the whole description.
  const events = ctx.showEvents
    ? await searchEvents(ctx, {
        kind: 'ConfigMap',
        namespace: namespaceOf(cm),
        name: nameOf(cm),
        uid: uidOf(cm),
      })
    : null;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(cm)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(cm)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(cm));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(cm));
    w.write(LEVEL_0, '\nData\n====\n');
    for (const [k, v] of stringMap(cm, 'data')) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${v}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const [k, v] of stringMap(cm, 'binaryData'))
      w.write(LEVEL_0, `${k}: ${Buffer.from(v, 'base64').length} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

/**
 * describeSecret, except that no value is ever printed: kubectl shows a service-account token
 * in clear, the agent shows its size like every other key.
 */
const describeSecret: Describer = async (ctx, namespace, name) => {
  const s = await getObject(ctx.kube, CORE.secrets, namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(s)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(s)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(s));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(s));
    w.write(LEVEL_0, `\nType:\t${str(s, 'type')}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const [k, v] of stringMap(s, 'data'))
      w.write(LEVEL_0, `${k}:\t${Buffer.from(v, 'base64').length} bytes\n`);
  });
};

const describeServiceAccount: Describer = async (ctx, namespace, name) => {
  const sa = await getObject(ctx.kube, CORE.serviceaccounts, namespace, name);
  const events = await eventsFor(ctx, sa, 'ServiceAccount');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(sa)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(sa)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(sa));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(sa));
    const pull = maps(sa, 'imagePullSecrets').map((s) => str(s, 'name'));
    if (pull.length === 0) w.write(LEVEL_0, 'Image pull secrets:\t<none>\n');
    else
      pull.forEach((n, i) =>
        w.write(LEVEL_0, `${i === 0 ? 'Image pull secrets:' : '                   '}\t${n}\n`),
      );
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

// --- cluster scope -------------------------------------------------------------------------------

/** The value of a quantity keyed `name` in a ResourceList (zero when absent). */
const rl = (v: GoValue | undefined, name: string, ...path: string[]): Quantity =>
  quantityOrZero(at(v, ...path, name));

/** resourcehelper.PodRequestsAndLimits, without in-place resize (status resources). */
function podRequestsAndLimits(pod: GoMap): {
  reqs: Map<string, Quantity>;
  limits: Map<string, Quantity>;
} {
  const addInto = (list: Map<string, Quantity>, entries: Array<[string, Quantity]>): void => {
    for (const [n, q] of entries) list.set(n, list.has(n) ? add(list.get(n) as Quantity, q) : q);
  };
  const maxInto = (list: Map<string, Quantity>, entries: Iterable<[string, Quantity]>): void => {
    for (const [n, q] of entries)
      if (!list.has(n) || cmp(q, list.get(n) as Quantity) > 0) list.set(n, q);
  };
  const compute = (kind: 'requests' | 'limits'): Map<string, Quantity> => {
    const out = new Map<string, Quantity>();
    for (const c of maps(pod, 'spec', 'containers'))
      addInto(out, resourceList(c, 'resources', kind));
    const restartable = new Map<string, Quantity>();
    const init = new Map<string, Quantity>();
    for (const c of maps(pod, 'spec', 'initContainers')) {
      const own = resourceList(c, 'resources', kind);
      let effective: Map<string, Quantity>;
      if (str(c, 'restartPolicy') === 'Always') {
        addInto(out, own);
        addInto(restartable, own);
        effective = restartable;
      } else {
        effective = new Map();
        addInto(effective, own);
        addInto(effective, [...restartable]);
      }
      maxInto(init, effective);
    }
    maxInto(out, init);
    const overhead = resourceList(pod, 'spec', 'overhead');
    if (kind === 'requests') addInto(out, overhead);
    else
      for (const [n, q] of overhead)
        if (out.has(n) && !isZero(out.get(n) as Quantity))
          out.set(n, add(out.get(n) as Quantity, q));
    return out;
  };
  return { reqs: compute('requests'), limits: compute('limits') };
}

const pct = (a: bigint, b: bigint): number => {
  const f = (Number(a) / Number(b)) * 100;
  return Number.isFinite(f) ? Math.trunc(f) : f > 0 ? -9223372036854775808 : -9223372036854775808;
};

function describeNodeResource(pods: GoMap[], node: GoMap, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(
    LEVEL_1,
    'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n',
  );
  w.write(
    LEVEL_1,
    '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n',
  );
  const allocPath =
    map(node, 'status', 'allocatable') && (map(node, 'status', 'allocatable') as GoMap).size > 0
      ? 'allocatable'
      : 'capacity';
  const alloc = (n: string): Quantity => rl(node, n, 'status', allocPath);
  const cpuAlloc = milliValue(alloc('cpu'));
  const memAlloc = qValue(alloc('memory'));
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    const cpuReq = reqs.get('cpu') ?? ZERO;
    const cpuLim = limits.get('cpu') ?? ZERO;
    const memReq = reqs.get('memory') ?? ZERO;
    const memLim = limits.get('memory') ?? ZERO;
    w.write(
      LEVEL_1,
      `${namespaceOf(pod)}\t${nameOf(pod)}\t\t${quantityString(cpuReq)} (${pct(milliValue(cpuReq), cpuAlloc)}%)\t${quantityString(cpuLim)} (${pct(milliValue(cpuLim), cpuAlloc)}%)\t${quantityString(memReq)} (${pct(qValue(memReq), memAlloc)}%)\t${quantityString(memLim)} (${pct(qValue(memLim), memAlloc)}%)\t${since(at(pod, 'metadata', 'creationTimestamp'), now)}\n`,
    );
  }
  w.write(
    LEVEL_0,
    'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n',
  );
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const totals = { reqs: new Map<string, Quantity>(), limits: new Map<string, Quantity>() };
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    for (const [n, q] of reqs)
      totals.reqs.set(n, totals.reqs.has(n) ? add(totals.reqs.get(n) as Quantity, q) : q);
    for (const [n, q] of limits)
      totals.limits.set(n, totals.limits.has(n) ? add(totals.limits.get(n) as Quantity, q) : q);
  }
  const line = (n: string, milli: boolean): void => {
    const r = totals.reqs.get(n) ?? ZERO;
    const l = totals.limits.get(n) ?? ZERO;
    const a = milli ? milliValue(alloc(n)) : qValue(alloc(n));
    const v = (q: Quantity): bigint => (milli ? milliValue(q) : qValue(q));
    const fr = a !== 0n ? Math.trunc((Number(v(r)) / Number(a)) * 100) : 0;
    const fl = a !== 0n ? Math.trunc((Number(v(l)) / Number(a)) * 100) : 0;
    w.write(LEVEL_1, `${n}\t${quantityString(r)} (${fr}%)\t${quantityString(l)} (${fl}%)\n`);
  };
  line('cpu', true);
  line('memory', false);
  line('ephemeral-storage', false);
  const allocatable = resourceList(node, 'status', allocPath);
  const hugePages = allocatable.filter(([n]) => n.startsWith('hugepages-')).map(([n]) => n);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
  const ext = allocatable
    .filter(([n]) => !n.startsWith('hugepages-') && !standard.has(n))
    .map(([n]) => n);
  for (const n of hugePages) line(n, false);
  for (const n of ext)
    w.write(
      LEVEL_1,
      `${n}\t${quantityString(totals.reqs.get(n) ?? ZERO)}\t${quantityString(totals.limits.get(n) ?? ZERO)}\n`,
    );
}

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role. */
function nodeRoles(node: GoMap): string[] {
  const roles = new Set<string>();
  for (const [k, v] of stringMap(node, 'metadata', 'labels')) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort(compareUtf8);
}

const describeNode: Describer = async (ctx, _namespace, name) => {
  const node = await getObject(ctx.kube, CORE.nodes, '', name);
  let pods: GoMap[] | null = null;
  try {
    pods = await listItems(ctx.kube, CORE.pods, '', {
      fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
    });
  } catch (err) {
    if (
      !(err instanceof RequestFailed) ||
      err.error.type !== 'status' ||
      err.error.reason !== 'Forbidden'
    )
      throw err;
  }
  let events: GoMap[] | null = null;
  if (ctx.showEvents) {
    const search = async (uid: string): Promise<GoMap[]> => {
      try {
        return await searchEvents(ctx, { kind: 'Node', namespace: '', name, uid });
      } catch (err) {
        if (!(err instanceof RequestFailed)) throw err;
        return [];
      }
    };
    events = [...(await search(uidOf(node))), ...(await search(name))];
  }
  let lease: GoMap | null = null;
  let leaseErr = '';
  try {
    lease = await getObject(ctx.kube, CORE.leases, 'kube-node-lease', name);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    leaseErr = errorString(err.error);
  }
  return tabbedString((w) => {
    const spec = map(node, 'spec');
    const status = map(node, 'status');
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(node));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(node));
    w.write(
      LEVEL_0,
      `CreationTimestamp:\t${rfc1123z(parseTime(at(node, 'metadata', 'creationTimestamp')))}\n`,
    );
    printTaintsMultiline(w, 'Taints', maps(spec, 'taints'));
    w.write(LEVEL_0, `Unschedulable:\t${bool(spec, 'unschedulable')}\n`);
    if (lease !== null) {
      w.write(LEVEL_0, 'Lease:\n');
      w.write(
        LEVEL_1,
        `HolderIdentity:\t${has(lease, 'spec', 'holderIdentity') ? str(lease, 'spec', 'holderIdentity') : '<unset>'}\n`,
      );
      const acquire = parseTime(at(lease, 'spec', 'acquireTime'));
      w.write(LEVEL_1, `AcquireTime:\t${acquire !== null ? rfc1123z(acquire) : '<unset>'}\n`);
      const renew = parseTime(at(lease, 'spec', 'renewTime'));
      w.write(LEVEL_1, `RenewTime:\t${renew !== null ? rfc1123z(renew) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${leaseErr}\n`);
    }
    const conditions = maps(status, 'conditions');
    if (conditions.length > 0) {
      w.write(
        LEVEL_0,
        'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
      );
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${str(c, 'type')} \t${str(c, 'status')} \t${rfc1123z(parseTime(at(c, 'lastHeartbeatTime')))} \t${rfc1123z(parseTime(at(c, 'lastTransitionTime')))} \t${str(c, 'reason')} \t${str(c, 'message')}\n`,
        );
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of maps(status, 'addresses'))
      w.write(LEVEL_1, `${str(a, 'type')}:\t${str(a, 'address')}\n`);
    const printList = (entries: Array<[string, Quantity]>): void => {
      for (const [n, q] of entries) w.write(LEVEL_0, `  ${n}:\t${quantityString(q)}\n`);
    };
    const capacity = resourceList(status, 'capacity');
    if (capacity.length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printList(capacity);
    }
    const allocatable = resourceList(status, 'allocatable');
    if (allocatable.length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printList(allocatable);
    }
    const info = map(status, 'nodeInfo');
    w.write(LEVEL_0, 'System Info:\n');
    for (const [title, field] of [
      ['Machine ID', 'machineID'],
      ['System UUID', 'systemUUID'],
      ['Boot ID', 'bootID'],
      ['Kernel Version', 'kernelVersion'],
      ['OS Image', 'osImage'],
      ['Operating System', 'operatingSystem'],
      ['Architecture', 'architecture'],
      ['Container Runtime Version', 'containerRuntimeVersion'],
      ['Kubelet Version', 'kubeletVersion'],
      ['Kube-Proxy Version', 'kubeProxyVersion'],
    ] as const)
      w.write(LEVEL_0, `  ${title}:\t${str(info, field)}\n`);
    if (str(spec, 'podCIDR') !== '') w.write(LEVEL_0, `PodCIDR:\t${str(spec, 'podCIDR')}\n`);
    const cidrs = strings(spec, 'podCIDRs');
    if (cidrs.length > 0) w.write(LEVEL_0, `PodCIDRs:\t${cidrs.join(',')}\n`);
    if (str(spec, 'providerID') !== '')
      w.write(LEVEL_0, `ProviderID:\t${str(spec, 'providerID')}\n`);
    if (pods !== null) describeNodeResource(pods, node, w, ctx.now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

function describeResourceQuotas(quotas: GoMap[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of goSort([...quotas], (a, b) => nameOf(a) < nameOf(b))) {
    w.write(LEVEL_1, `Name:\t${nameOf(q)}\n`);
    const scopes = [...strings(q, 'spec', 'scopes')].sort(compareUtf8);
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) {
        const help = quotaScopeHelp(s);
        if (help !== '') w.write(LEVEL_1, `* ${help}\n`);
      }
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    for (const [res, hard] of resourceList(q, 'status', 'hard'))
      w.write(
        LEVEL_1,
        `${res}\t${quantityString(rl(q, res, 'status', 'used'))}\t${quantityString(hard)}\n`,
      );
  }
}

function quotaScopeHelp(scope: string): string {
  switch (scope) {
    case 'Terminating':
      return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating':
      return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort':
      return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort':
      return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default:
      return '';
  }
}

/**
 * describeLimitRangeSpec. kubectl walks each item's resources in Go map order (random from run
 * to run); the agent prints them sorted by resource name.
 */
function describeLimitRangeSpec(lr: GoMap, prefix: string, w: PrefixWriter): void {
  for (const item of maps(lr, 'spec', 'limits')) {
    const fields = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
    const names = new Set<string>();
    for (const f of fields) for (const [n] of resourceList(item, f)) names.add(n);
    for (const n of [...names].sort(compareUtf8)) {
      const v = (f: string): string =>
        has(item, f, n) ? quantityString(quantityOrZero(at(item, f, n))) : '-';
      w.write(
        LEVEL_0,
        `${prefix}${str(item, 'type')}\t${n}\t${v('min')}\t${v('max')}\t${v('defaultRequest')}\t${v('default')}\t${v('maxLimitRequestRatio')}\n`,
      );
    }
  }
}

function describeLimitRanges(ranges: GoMap[], w: PrefixWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    LEVEL_0,
    ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  for (const lr of ranges) describeLimitRangeSpec(lr, ' ', w);
}

const isNotFound = (err: unknown): boolean =>
  err instanceof RequestFailed &&
  err.error.type === 'status' &&
  (err.error.reason === 'NotFound' || (err.error.reason === '' && err.error.code === 404));

const describeNamespace: Describer = async (ctx, _namespace, name) => {
  const ns = await getObject(ctx.kube, CORE.namespaces, '', name);
  const optionalList = async (m: ResourceRef): Promise<GoMap[] | null> => {
    try {
      return await listItems(ctx.kube, m, name);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  const quotas = await optionalList(CORE.resourcequotas);
  const limits = await optionalList(CORE.limitranges);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(ns)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(ns));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(ns));
    w.write(LEVEL_0, `Status:\t${str(ns, 'status', 'phase')}\n`);
    const conditions = maps(ns, 'status', 'conditions');
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${str(c, 'type')}\t${str(c, 'status')}\t${rfc1123z(parseTime(at(c, 'lastTransitionTime')))}\t${str(c, 'reason')}\t${str(c, 'message')}\n`,
        );
    }
    if (quotas !== null) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limits !== null) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limits, w);
    }
  });
};

const describeResourceQuota: Describer = async (ctx, namespace, name) => {
  const q = await getObject(ctx.kube, CORE.resourcequotas, namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(q)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(q)}\n`);
    const scopes = [...strings(q, 'spec', 'scopes')].sort(compareUtf8);
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes)
        if (quotaScopeHelp(s) !== '') w.write(LEVEL_0, ` * ${quotaScopeHelp(s)}\n`);
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    for (const [res, hard] of resourceList(q, 'status', 'hard')) {
      let used = rl(q, res, 'status', 'used');
      if (used.format !== hard.format)
        used = { mantissa: qValue(used), scale: 0, format: hard.format };
      w.write(LEVEL_0, `${res}\t${quantityString(used)}\t${quantityString(hard)}\n`);
    }
  });
};

const describeLimitRange: Describer = async (ctx, namespace, name) => {
  const lr = await getObject(ctx.kube, CORE.limitranges, namespace, name);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(lr)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(lr)}\n`);
    w.write(
      LEVEL_0,
      'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
    );
    w.write(
      LEVEL_0,
      '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
    );
    describeLimitRangeSpec(lr, '', w);
  });
};

// --- storage -------------------------------------------------------------------------------------

const describePvc: Describer = async (ctx, namespace, name) => {
  const pvc = await getObject(ctx.kube, CORE.persistentvolumeclaims, namespace, name);
  const nsPods = await listItems(ctx.kube, CORE.pods, namespace);
  const users: GoMap[] = [];
  for (const p of nsPods)
    for (const v of maps(p, 'spec', 'volumes'))
      if (
        has(v, 'persistentVolumeClaim') &&
        str(v, 'persistentVolumeClaim', 'claimName') === nameOf(pvc)
      )
        users.push(p);
  for (const ref of maps(pvc, 'metadata', 'ownerReferences')) {
    if (str(ref, 'kind') !== 'Pod') continue;
    const owner = nsPods.find((p) => uidOf(p) === str(ref, 'uid'));
    if (owner && !users.some((p) => uidOf(p) === uidOf(owner))) users.push(owner);
  }
  const events = await eventsFor(ctx, pvc, 'PersistentVolumeClaim');
  return tabbedString((w) => {
    printPersistentVolumeClaim(w, pvc, true, ctx.now);
    printPodsMultiline(w, 'Used By', users);
    const conditions = maps(pvc, 'status', 'conditions');
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${str(c, 'type')} \t${str(c, 'status')} \t${rfc1123z(parseTime(at(c, 'lastProbeTime')))} \t${rfc1123z(parseTime(at(c, 'lastTransitionTime')))} \t${str(c, 'reason')} \t${str(c, 'message')}\n`,
        );
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

function pvSource(pv: GoMap, w: PrefixWriter): void {
  const spec = map(pv, 'spec');
  const s = (k: string): GoMap | undefined => map(spec, k);
  let v: GoMap | undefined;
  if ((v = s('hostPath'))) {
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(v, 'path')}\n    HostPathType:\t${has(v, 'type') ? str(v, 'type') : '<none>'}\n`,
    );
  } else if ((v = s('gcePersistentDisk'))) {
    w.write(
      LEVEL_2,
      `Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t${str(v, 'pdName')}\n    FSType:\t${str(v, 'fsType')}\n    Partition:\t${int(v, 'partition')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
  } else if ((v = s('awsElasticBlockStore'))) {
    w.write(
      LEVEL_2,
      `Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t${str(v, 'volumeID')}\n    FSType:\t${str(v, 'fsType')}\n    Partition:\t${int(v, 'partition')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
  } else if ((v = s('nfs'))) {
    w.write(
      LEVEL_2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${str(v, 'server')}\n    Path:\t${str(v, 'path')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
  } else if ((v = s('local'))) {
    w.write(
      LEVEL_2,
      `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${str(v, 'path')}\n`,
    );
  } else if ((v = s('csi'))) {
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${str(v, 'driver')}\n    FSType:\t${str(v, 'fsType')}\n    VolumeHandle:\t${str(v, 'volumeHandle')}\n    ReadOnly:\t${bool(v, 'readOnly')}\n`,
    );
    printCsiAttributes(w, stringMap(v, 'volumeAttributes'));
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

const describePv: Describer = async (ctx, _namespace, name) => {
  const pv = await getObject(ctx.kube, CORE.persistentvolumes, '', name);
  const events = await eventsFor(ctx, pv, 'PersistentVolume');
  return tabbedString((w) => {
    const spec = map(pv, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(pv)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(pv));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(pv));
    w.write(LEVEL_0, `Finalizers:\t[${strings(pv, 'metadata', 'finalizers').join(' ')}]\n`);
    const beta = map(pv, 'metadata', 'annotations')?.get('volume.beta.kubernetes.io/storage-class');
    w.write(
      LEVEL_0,
      `StorageClass:\t${beta !== undefined ? (typeof beta === 'string' ? beta : '') : str(spec, 'storageClassName')}\n`,
    );
    if (has(pv, 'metadata', 'deletionTimestamp'))
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(at(pv, 'metadata', 'deletionTimestamp'), ctx.now)})\n`,
      );
    else w.write(LEVEL_0, `Status:\t${str(pv, 'status', 'phase')}\n`);
    w.write(
      LEVEL_0,
      has(spec, 'claimRef')
        ? `Claim:\t${str(spec, 'claimRef', 'namespace')}/${str(spec, 'claimRef', 'name')}\n`
        : 'Claim:\t\n',
    );
    w.write(LEVEL_0, `Reclaim Policy:\t${str(spec, 'persistentVolumeReclaimPolicy')}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModes(strings(spec, 'accessModes'))}\n`);
    if (has(spec, 'volumeMode')) w.write(LEVEL_0, `VolumeMode:\t${str(spec, 'volumeMode')}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantityString(rl(spec, 'storage', 'capacity'))}\n`);
    w.write(LEVEL_0, 'Node Affinity:\t');
    const required = map(spec, 'nodeAffinity', 'required');
    if (!required) w.writeLine('<none>');
    else {
      w.writeLine('');
      w.write(LEVEL_1, 'Required Terms:\t');
      const terms = maps(required, 'nodeSelectorTerms');
      if (terms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        terms.forEach((t, i) => {
          w.write(LEVEL_2, `Term ${i}:\t`);
          const exprs = maps(t, 'matchExpressions');
          if (exprs.length === 0) {
            w.writeLine('<none>');
            return;
          }
          exprs.forEach((e, j) => {
            if (j !== 0) w.write(LEVEL_2, '\t');
            const values = strings(e, 'values');
            const text =
              `${str(e, 'key')} ${str(e, 'operator').toLowerCase()}` +
              (values.length > 0 ? ` [${values.join(', ')}]` : '');
            w.write(LEVEL_0, `${text}\n`);
          });
        });
      }
    }
    w.write(LEVEL_0, `Message:\t${str(pv, 'status', 'message')}\n`);
    w.write(LEVEL_0, 'Source:\n');
    pvSource(pv, w);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describeStorageClass: Describer = async (ctx, _namespace, name) => {
  const sc = await getObject(
    ctx.kube,
    { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', namespaced: false },
    '',
    name,
  );
  const events = await eventsFor(ctx, sc, 'StorageClass');
  return tabbedString((w) => {
    const ann = map(sc, 'metadata', 'annotations');
    const isDefault =
      ann?.get('storageclass.kubernetes.io/is-default-class') === 'true' ||
      ann?.get('storageclass.beta.kubernetes.io/is-default-class') === 'true';
    w.write(LEVEL_0, `Name:\t${nameOf(sc)}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabelMap(annotationsOf(sc))}\n`);
    w.write(LEVEL_0, `Provisioner:\t${str(sc, 'provisioner')}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabelMap(stringMap(sc, 'parameters'))}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(at(sc, 'allowVolumeExpansion'))}\n`);
    const opts = strings(sc, 'mountOptions');
    if (opts.length === 0) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of opts) w.write(LEVEL_1, `${o}\n`);
    }
    if (has(sc, 'reclaimPolicy')) w.write(LEVEL_0, `ReclaimPolicy:\t${str(sc, 'reclaimPolicy')}\n`);
    if (has(sc, 'volumeBindingMode'))
      w.write(LEVEL_0, `VolumeBindingMode:\t${str(sc, 'volumeBindingMode')}\n`);
    if (has(sc, 'allowedTopologies')) {
      const topologies = maps(sc, 'allowedTopologies');
      w.write(LEVEL_0, 'AllowedTopologies:\t');
      if (topologies.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        topologies.forEach((t, i) => {
          w.write(LEVEL_1, `Term ${i}:\t`);
          const reqs = maps(t, 'matchLabelExpressions');
          if (reqs.length === 0) {
            w.writeLine('<none>');
            return;
          }
          reqs.forEach((r, j) => {
            if (j !== 0) w.write(LEVEL_1, '\t');
            const values = strings(r, 'values');
            w.write(
              LEVEL_0,
              `${str(r, 'key')} in${values.length > 0 ? ` [${values.join(', ')}]` : ''}\n`,
            );
          });
        });
      }
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

// --- policy, autoscaling, scheduling, RBAC -------------------------------------------------------

const describePdb: Describer = async (ctx, namespace, name) => {
  const pdb = await getObject(
    ctx.kube,
    { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespaced: true },
    namespace,
    name,
  );
  const events = await eventsFor(ctx, pdb, 'PodDisruptionBudget');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(pdb)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(pdb)}\n`);
    if (has(pdb, 'spec', 'minAvailable'))
      w.write(LEVEL_0, `Min available:\t${intOrString(pdb, 'spec', 'minAvailable')}\n`);
    else if (has(pdb, 'spec', 'maxUnavailable'))
      w.write(LEVEL_0, `Max unavailable:\t${intOrString(pdb, 'spec', 'maxUnavailable')}\n`);
    w.write(
      LEVEL_0,
      has(pdb, 'spec', 'selector')
        ? `Selector:\t${formatLabelSelector(at(pdb, 'spec', 'selector'))}\n`
        : 'Selector:\t<unset>\n',
    );
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${int(pdb, 'status', 'disruptionsAllowed')}\n`);
    w.write(LEVEL_2, `Current:\t${int(pdb, 'status', 'currentHealthy')}\n`);
    w.write(LEVEL_2, `Desired:\t${int(pdb, 'status', 'desiredHealthy')}\n`);
    w.write(LEVEL_2, `Total:\t${int(pdb, 'status', 'expectedPods')}\n`);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

const describePriorityClass: Describer = async (ctx, _namespace, name) => {
  const pc = await getObject(
    ctx.kube,
    { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', namespaced: false },
    '',
    name,
  );
  const events = await eventsFor(ctx, pc, 'PriorityClass');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${nameOf(pc)}\n`);
    w.write(LEVEL_0, `Value:\t${int(pc, 'value')}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${bool(pc, 'globalDefault')}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${str(pc, 'preemptionPolicy')}\n`);
    w.write(LEVEL_0, `Description:\t${str(pc, 'description')}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabelMap(annotationsOf(pc))}\n`);
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

function describeMetric(w: PrefixWriter, metric: GoMap, current: GoMap | undefined): void {
  const q = (v: GoValue | undefined): string => quantityString(quantityOrZero(v));
  const type = str(metric, 'type');
  switch (type) {
    case 'External': {
      const mname = JSON.stringify(str(metric, 'external', 'metric', 'name'));
      if (has(metric, 'external', 'target', 'averageValue')) {
        const cur = has(current, 'external', 'current', 'averageValue')
          ? q(at(current, 'external', 'current', 'averageValue'))
          : '<unknown>';
        w.write(
          LEVEL_1,
          `${mname} (target average value):\t${cur} / ${q(at(metric, 'external', 'target', 'averageValue'))}\n`,
        );
      } else {
        const cur = has(current, 'external')
          ? q(at(current, 'external', 'current', 'value'))
          : '<unknown>';
        w.write(
          LEVEL_1,
          `${mname} (target value):\t${cur} / ${q(at(metric, 'external', 'target', 'value'))}\n`,
        );
      }
      return;
    }
    case 'Pods': {
      const cur = has(current, 'pods')
        ? q(at(current, 'pods', 'current', 'averageValue'))
        : '<unknown>';
      w.write(
        LEVEL_1,
        `${JSON.stringify(str(metric, 'pods', 'metric', 'name'))} on pods:\t${cur} / ${q(at(metric, 'pods', 'target', 'averageValue'))}\n`,
      );
      return;
    }
    case 'Object': {
      w.write(
        LEVEL_1,
        `"${str(metric, 'object', 'metric', 'name')}" on ${str(metric, 'object', 'describedObject', 'kind')}/${str(metric, 'object', 'describedObject', 'name')} `,
      );
      if (str(metric, 'object', 'target', 'type') === 'AverageValue') {
        const cur = has(current, 'object')
          ? q(at(current, 'object', 'current', 'averageValue'))
          : '<unknown>';
        w.write(
          LEVEL_0,
          `(target average value):\t${cur} / ${q(at(metric, 'object', 'target', 'averageValue'))}\n`,
        );
      } else {
        const cur = has(current, 'object')
          ? q(at(current, 'object', 'current', 'value'))
          : '<unknown>';
        w.write(
          LEVEL_0,
          `(target value):\t${cur} / ${q(at(metric, 'object', 'target', 'value'))}\n`,
        );
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = type === 'Resource' ? 'resource' : 'containerResource';
      if (type === 'Resource') w.write(LEVEL_1, `resource ${str(metric, key, 'name')} on pods`);
      else
        w.write(
          LEVEL_1,
          `resource ${str(metric, key, 'name')} of container "${str(metric, key, 'container')}" on pods`,
        );
      if (has(metric, key, 'target', 'averageValue')) {
        const cur = has(current, key)
          ? q(at(current, key, 'current', 'averageValue'))
          : '<unknown>';
        w.write(LEVEL_0, `:\t${cur} / ${q(at(metric, key, 'target', 'averageValue'))}\n`);
      } else {
        const cur =
          has(current, key) && has(current, key, 'current', 'averageUtilization')
            ? `${int(current, key, 'current', 'averageUtilization')}% (${q(at(current, key, 'current', 'averageValue'))})`
            : '<unknown>';
        const target = has(metric, key, 'target', 'averageUtilization')
          ? `${int(metric, key, 'target', 'averageUtilization')}%`
          : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${cur} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(type)}>\n`);
  }
}

const describeHpa: Describer = async (ctx, namespace, name) => {
  let hpa: GoMap;
  let v2 = true;
  try {
    hpa = await getObject(ctx.kube, CORE.hpaV2, namespace, name);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    hpa = await getObject(ctx.kube, CORE.hpaV1, namespace, name);
    v2 = false;
  }
  const events = await eventsFor(ctx, hpa, 'HorizontalPodAutoscaler');
  return tabbedString((w) => {
    const spec = map(hpa, 'spec');
    w.write(LEVEL_0, `Name:\t${nameOf(hpa)}\n`);
    w.write(LEVEL_0, `Namespace:\t${namespaceOf(hpa)}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(hpa));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(hpa));
    w.write(
      LEVEL_0,
      `CreationTimestamp:\t${rfc1123z(parseTime(at(hpa, 'metadata', 'creationTimestamp')))}\n`,
    );
    w.write(
      LEVEL_0,
      `Reference:\t${str(spec, 'scaleTargetRef', 'kind')}/${str(spec, 'scaleTargetRef', 'name')}\n`,
    );
    if (v2) {
      w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
      const current = maps(hpa, 'status', 'currentMetrics');
      maps(spec, 'metrics').forEach((m, i) => describeMetric(w, m, current[i]));
    } else if (has(spec, 'targetCPUUtilizationPercentage')) {
      w.write(
        LEVEL_0,
        `Target CPU utilization:\t${int(spec, 'targetCPUUtilizationPercentage')}%\n`,
      );
      const cur = has(hpa, 'status', 'currentCPUUtilizationPercentage')
        ? String(int(hpa, 'status', 'currentCPUUtilizationPercentage'))
        : '<unknown>';
      w.write(LEVEL_0, `Current CPU utilization:\t${cur}%\n`);
    }
    w.write(
      LEVEL_0,
      `Min replicas:\t${has(spec, 'minReplicas') ? int(spec, 'minReplicas') : '<unset>'}\n`,
    );
    w.write(LEVEL_0, `Max replicas:\t${int(spec, 'maxReplicas')}\n`);
    if (v2 && has(spec, 'behavior')) {
      w.write(LEVEL_0, 'Behavior:\n');
      for (const [dir, title] of [
        ['scaleUp', 'Scale Up'],
        ['scaleDown', 'Scale Down'],
      ] as const) {
        const rules = map(spec, 'behavior', dir);
        if (!rules) continue;
        w.write(LEVEL_1, `${title}:\n`);
        if (has(rules, 'stabilizationWindowSeconds'))
          w.write(
            LEVEL_2,
            `Stabilization Window: ${int(rules, 'stabilizationWindowSeconds')} seconds\n`,
          );
        const policies = maps(rules, 'policies');
        if (policies.length > 0) {
          w.write(
            LEVEL_2,
            `Select Policy: ${has(rules, 'selectPolicy') ? str(rules, 'selectPolicy') : 'Max'}\n`,
          );
          w.write(LEVEL_2, 'Policies:\n');
          for (const p of policies)
            w.write(
              LEVEL_3,
              `- Type: ${str(p, 'type')}\tValue: ${int(p, 'value')}\tPeriod: ${int(p, 'periodSeconds')} seconds\n`,
            );
        }
      }
    }
    w.write(LEVEL_0, `${str(spec, 'scaleTargetRef', 'kind')} pods:\t`);
    w.write(
      LEVEL_0,
      `${int(hpa, 'status', 'currentReplicas')} current / ${int(hpa, 'status', 'desiredReplicas')} desired\n`,
    );
    const conditions = maps(hpa, 'status', 'conditions');
    if (v2 && conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${str(c, 'type')}\t${str(c, 'status')}\t${str(c, 'reason')}\t${str(c, 'message')}\n`,
        );
    }
    if (events !== null) describeEvents(events, w, ctx.now);
  });
};

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

const describeRoleBinding: Describer = async (ctx, namespace, name) =>
  describeBinding(await getObject(ctx.kube, RBAC('rolebindings', true), namespace, name));
const describeClusterRoleBinding: Describer = async (ctx, _namespace, name) =>
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

const describeRoleKind: Describer = async (ctx, namespace, name) =>
  describeRole(await getObject(ctx.kube, RBAC('roles', true), namespace, name));
const describeClusterRole: Describer = async (ctx, _namespace, name) =>
  describeRole(await getObject(ctx.kube, RBAC('clusterroles', false), '', name));

// --- the generic describer ---------------------------------------------------------------------

/** fatih/camelcase.Split. */
function camelSplit(src: string): string[] {
  const cls = (ch: string): number =>
    /\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4;
  const runs: string[][] = [];
  let last = 0;
  for (const ch of src) {
    const c = cls(ch);
    if (c === last && runs.length > 0) (runs[runs.length - 1] as string[]).push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i] as string[];
    const next = runs[i + 1] as string[];
    if (
      cur.length > 0 &&
      next.length > 0 &&
      /\p{Lu}/u.test(cur[0] as string) &&
      /\p{Ll}/u.test(next[0] as string)
    ) {
      next.unshift(cur.pop() as string);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** smartLabelFor: `apiVersion` → `API Version`; fields with other characters stay as they are. */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== '-')) return field;
  return camelSplit(field)
    .filter((p) => p !== '_')
    .map((p) =>
      ACRONYMS.has(p.toUpperCase())
        ? p.toUpperCase()
        : [...p].map((c, i) => (i === 0 ? c.toUpperCase() : c.toLowerCase())).join(''),
    )
    .join(' ');
}

const GENERIC_SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

function printUnstructured(w: PrefixWriter, level: number, content: GoMap, prefix: string): void {
  const fields = [...content.keys()].sort(compareUtf8);
  for (const field of fields) {
    const value = content.get(field) as GoValue;
    const skipExpr = `${prefix}.${field}`;
    if (GENERIC_SKIP.has(skipExpr)) continue;
    if (isGoMap(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value, skipExpr);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isGoMap(child)) printUnstructured(w, level + 1, child, skipExpr);
        else w.write(level + 1, `${goScalar(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goScalar(value)}\n`);
    }
  }
}

const goScalar = (v: GoValue): string => sprintGo(v);

/** The describer for kinds kubectl has no dedicated describer for (CRDs included). */
export function genericDescriber(m: Mapping): Describer {
  return async (ctx, namespace, name) => {
    const obj = await getObject(ctx.kube, m, m.namespaced ? namespace : '', name);
    let events: GoMap[] | null = null;
    if (ctx.showEvents) {
      try {
        events = await searchEvents(ctx, {
          kind: str(obj, 'kind'),
          namespace: namespaceOf(obj),
          name: nameOf(obj),
          uid: uidOf(obj),
        });
      } catch (err) {
        if (!(err instanceof RequestFailed)) throw err;
        events = [];
      }
    }
    return tabbedString((w) => {
      w.write(LEVEL_0, `Name:\t${nameOf(obj)}\n`);
      w.write(LEVEL_0, `Namespace:\t${namespaceOf(obj)}\n`);
      printLabelsMultiline(w, 'Labels', labelsOf(obj));
      printAnnotationsMultiline(w, 'Annotations', annotationsOf(obj));
      printUnstructured(w, LEVEL_0, obj, '');
      if (events !== null) describeEvents(events, w, ctx.now);
    });
  };
}

/** describerMap: the dedicated describers, by `group/Kind`. */
const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePodKind,
  '/Service': describeService,
  '/ServiceAccount': describeServiceAccount,
  '/Node': describeNode,
  '/Namespace': describeNamespace,
  '/Endpoints': describeEndpoints,
  '/ConfigMap': describeConfigMap,
  '/Secret': describeSecret,
  '/PersistentVolume': describePv,
  '/PersistentVolumeClaim': describePvc,
  '/ResourceQuota': describeResourceQuota,
  '/LimitRange': describeLimitRange,
  'apps/Deployment': describeDeployment,
  'apps/ReplicaSet': describeReplicaSet,
  'apps/StatefulSet': describeStatefulSet,
  'apps/DaemonSet': describeDaemonSet,
  'batch/Job': describeJob,
  'batch/CronJob': describeCronJob,
  'autoscaling/HorizontalPodAutoscaler': describeHpa,
  'networking.k8s.io/Ingress': describeIngress,
  'extensions/Ingress': describeIngress,
  'networking.k8s.io/IngressClass': describeIngressClass,
  'networking.k8s.io/NetworkPolicy': describeNetworkPolicy,
  'discovery.k8s.io/EndpointSlice': describeEndpointSlice,
  'storage.k8s.io/StorageClass': describeStorageClass,
  'policy/PodDisruptionBudget': describePdb,
  'scheduling.k8s.io/PriorityClass': describePriorityClass,
  'rbac.authorization.k8s.io/Role': describeRoleKind,
  'rbac.authorization.k8s.io/ClusterRole': describeClusterRole,
  'rbac.authorization.k8s.io/RoleBinding': describeRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': describeClusterRoleBinding,
};

/** describe.Describer: the dedicated describer for the mapping's kind, else the generic one. */
export function describerFor(m: Mapping): Describer {
  return DESCRIBERS[`${m.group}/${m.kind}`] ?? genericDescriber(m);
}

export { describeResources, describePodTemplate };
