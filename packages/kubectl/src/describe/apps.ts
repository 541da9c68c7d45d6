// Describers for apps/v1: Deployments, ReplicaSets, StatefulSets and DaemonSets.
import { CORE, RequestFailed, getObject, listItems } from '../resource/rest.js';
import { errorString } from '../resource/errors.js';
import { parseTime, rfc1123z } from '../go/time.js';
import {
  at,
  controllerOf,
  has,
  int,
  intOrString,
  map,
  maps,
  str,
  stringMap,
  strings,
} from '../go/obj.js';
import { quantityOrZero, quantityString } from '../go/quantity.js';
import type { GoMap, GoValue } from '../go/value.js';
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
  uidOf,
} from './common.js';
import { claimClass } from './volumes.js';
import { describePodTemplate } from './pod.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';
import type { DescribeContext, Describer } from './related.js';
import { selectorOrThrow, eventsFor, deploymentReplicaSets } from './related.js';

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

function conditionsTable(w: PrefixWriter, conditions: GoMap[]): void {
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions)
    w.write(LEVEL_1, `${str(c, 'type')} \t${str(c, 'status')}\t${str(c, 'reason')}\n`);
}

export const describeReplicaSet: Describer = async (ctx, namespace, name) => {
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

export const describeDeployment: Describer = async (ctx, namespace, name) => {
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

export const describeStatefulSet: Describer = async (ctx, namespace, name) => {
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

export const describeDaemonSet: Describer = async (ctx, namespace, name) => {
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
