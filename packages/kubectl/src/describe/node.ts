// The Node describer (core/v1): conditions, capacity, system info and the pods' requests and limits against allocatable.
import { CORE, RequestFailed, getObject, listItems } from '../resource/rest.js';
import { errorString } from '../resource/errors.js';
import { parseTime, rfc1123z, since } from '../go/time.js';
import { at, bool, has, map, maps, str, stringMap, strings } from '../go/obj.js';
import type { Quantity } from '../go/quantity.js';
import {
  add,
  cmp,
  isZero,
  milliValue,
  quantityString,
  value as qValue,
  ZERO,
} from '../go/quantity.js';
import type { GoMap } from '../go/value.js';
import { compareUtf8 } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  labelsOf,
  nameOf,
  namespaceOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  uidOf,
  resourceList,
  rl,
} from './common.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { searchEvents } from './related.js';

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

export const describeNode: Describer = async (ctx, _namespace, name) => {
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
