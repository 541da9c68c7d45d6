// The Pod describer, and the containers, resources and pod templates the workload describers print too.
import { goSort } from '../go/sort.js';
import { parseTime, rfc1123z, since } from '../go/time.js';
import {
  controllerOf,
  has,
  int,
  intOrString,
  map,
  maps,
  str,
  stringMap,
  strings,
  bool,
  at,
} from '../go/obj.js';
import type { Quantity } from '../go/quantity.js';
import {
  add,
  cmp,
  isZero,
  milliValue,
  quantityOrZero,
  quantityString,
  value as quantityValue,
} from '../go/quantity.js';
import { goQuote } from '../go/fmt.js';
import type { GoMap, GoValue } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  formatLabelSelector,
  labelsOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  nameOf,
  namespaceOf,
  uidOf,
  resourceList,
  printBool,
} from './common.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from './writer.js';
import { CORE, RequestFailed, getObject, listItems } from '../resource/rest.js';
import { errorString } from '../resource/errors.js';
import { describeVolumes } from './volumes.js';
import type { Describer } from './related.js';
import { fieldSelector, searchEvents } from './related.js';

export function describeResources(
  resources: GoValue | undefined,
  w: PrefixWriter,
  level: number,
): void {
  const limits = resourceList(resources, 'limits');
  const requests = resourceList(resources, 'requests');
  if (limits.length > 0) w.write(level, 'Limits:\n');
  for (const [name, q] of limits) w.write(level + 1, `${name}:\t${quantityString(q)}\n`);
  if (requests.length > 0) w.write(level, 'Requests:\n');
  for (const [name, q] of requests) w.write(level + 1, `${name}:\t${quantityString(q)}\n`);
}

/** net.JoinHostPort. */
const joinHostPort = (host: string, port: string): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** DescribeProbe. */
export function describeProbe(p: GoMap): string {
  const attrs = `delay=${int(p, 'initialDelaySeconds')}s timeout=${int(p, 'timeoutSeconds')}s period=${int(p, 'periodSeconds')}s #success=${int(p, 'successThreshold')} #failure=${int(p, 'failureThreshold')}`;
  if (has(p, 'exec')) return `exec [${strings(p, 'exec', 'command').join(' ')}] ${attrs}`;
  if (has(p, 'httpGet')) {
    const scheme = str(p, 'httpGet', 'scheme').toLowerCase();
    const port = intOrString(p, 'httpGet', 'port');
    const host = str(p, 'httpGet', 'host');
    const hostPort = port !== '' ? joinHostPort(host, port) : host;
    const path = str(p, 'httpGet', 'path');
    const url =
      (scheme !== '' ? `${scheme}:` : '') +
      (scheme !== '' || hostPort !== '' ? `//${hostPort}` : '') +
      (path !== '' && !path.startsWith('/') && hostPort !== '' ? '/' : '') +
      encodeURI(path).replace(/%25/g, '%');
    return `http-get ${url} ${attrs}`;
  }
  if (has(p, 'tcpSocket'))
    return `tcp-socket ${str(p, 'tcpSocket', 'host')}:${intOrString(p, 'tcpSocket', 'port')} ${attrs}`;
  if (has(p, 'grpc'))
    return `grpc <pod>:${int(p, 'grpc', 'port')} ${str(p, 'grpc', 'service')} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(name: string, state: GoValue | undefined, w: PrefixWriter): void {
  if (has(state, 'running')) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(parseTime(at(state, 'running', 'startedAt')))}\n`);
  } else if (has(state, 'waiting')) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    const reason = str(state, 'waiting', 'reason');
    if (reason !== '') w.write(LEVEL_3, `Reason:\t${reason}\n`);
  } else if (has(state, 'terminated')) {
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    const t = map(state, 'terminated');
    if (str(t, 'reason') !== '') w.write(LEVEL_3, `Reason:\t${str(t, 'reason')}\n`);
    if (str(t, 'message') !== '') w.write(LEVEL_3, `Message:\t${str(t, 'message')}\n`);
    w.write(LEVEL_3, `Exit Code:\t${int(t, 'exitCode')}\n`);
    if (int(t, 'signal') > 0) w.write(LEVEL_3, `Signal:\t${int(t, 'signal')}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(parseTime(at(t, 'startedAt')))}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(parseTime(at(t, 'finishedAt')))}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

function portList(ports: GoMap[], field: 'containerPort' | 'hostPort'): string {
  return ports
    .map((p) => {
      const s = `${int(p, field)}/${str(p, 'protocol')}`;
      return str(p, 'name') !== '' ? `${s} (${str(p, 'name')})` : s;
    })
    .join(', ');
}

/** Resolves an env var's fieldRef the way kubectl can: only metadata.name and metadata.namespace convert. */
function resolveFieldRef(pod: GoMap | null, fieldPath: string): string {
  if (pod === null) return '';
  if (fieldPath === 'metadata.name') return str(pod, 'metadata', 'name');
  if (fieldPath === 'metadata.namespace') return str(pod, 'metadata', 'namespace');
  return '';
}

function resourceFieldValue(ref: GoMap, container: GoMap): string {
  const divisorRaw = at(ref, 'divisor');
  let divisor = quantityOrZero(divisorRaw);
  if (isZero(divisor)) divisor = quantityOrZero('1');
  const resource = str(ref, 'resource');
  const pick = (kind: 'limits' | 'requests', name: string): Quantity =>
    quantityOrZero(at(container, 'resources', kind, name));
  const ceilDiv = (a: bigint, b: bigint): string =>
    b === 0n ? '0' : String(Math.ceil(Number(a) / Number(b)));
  const [kind, name] = resource.split('.', 2) as [string, string | undefined];
  if ((kind === 'limits' || kind === 'requests') && name !== undefined) {
    if (name === 'cpu') return ceilDiv(milliValue(pick(kind, name)), milliValue(divisor));
    if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'))
      return ceilDiv(quantityValue(pick(kind, name)), quantityValue(divisor));
  }
  return '';
}

function describeEnv(container: GoMap, pod: GoMap | null, w: PrefixWriter): void {
  const env = maps(container, 'env');
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const name = str(e, 'name');
    if (!has(e, 'valueFrom')) {
      str(e, 'value')
        .split('\n')
        .forEach((line, i) => {
          w.write(LEVEL_3, i === 0 ? `${name}:\t${line}\n` : `\t${line}\n`);
        });
      continue;
    }
    const from = map(e, 'valueFrom');
    if (has(from, 'fieldRef')) {
      const fieldPath = str(from, 'fieldRef', 'fieldPath');
      w.write(
        LEVEL_3,
        `${name}:\t${resolveFieldRef(pod, fieldPath)} (${str(from, 'fieldRef', 'apiVersion')}:${fieldPath})\n`,
      );
    } else if (has(from, 'resourceFieldRef')) {
      const ref = map(from, 'resourceFieldRef') as GoMap;
      let v = resourceFieldValue(ref, container);
      const resource = str(ref, 'resource');
      if (v === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
        v = 'node allocatable';
      w.write(LEVEL_3, `${name}:\t${v} (${resource})\n`);
    } else if (has(from, 'secretKeyRef')) {
      w.write(
        LEVEL_3,
        `${name}:\t<set to the key '${str(from, 'secretKeyRef', 'key')}' in secret '${str(from, 'secretKeyRef', 'name')}'>\tOptional: ${bool(from, 'secretKeyRef', 'optional')}\n`,
      );
    } else if (has(from, 'configMapKeyRef')) {
      w.write(
        LEVEL_3,
        `${name}:\t<set to the key '${str(from, 'configMapKeyRef', 'key')}' of config map '${str(from, 'configMapKeyRef', 'name')}'>\tOptional: ${bool(from, 'configMapKeyRef', 'optional')}\n`,
      );
    }
  }
}

function describeEnvFrom(container: GoMap, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of maps(container, 'envFrom')) {
    let from = '';
    let name = '';
    let optional = false;
    if (has(e, 'configMapRef')) {
      from = 'ConfigMap';
      name = str(e, 'configMapRef', 'name');
      optional = bool(e, 'configMapRef', 'optional');
    } else if (has(e, 'secretRef')) {
      from = 'Secret';
      name = str(e, 'secretRef', 'name');
      optional = bool(e, 'secretRef', 'optional');
    }
    const prefix = str(e, 'prefix');
    w.write(
      LEVEL_3,
      prefix === ''
        ? `${name}\t${from}\tOptional: ${optional}\n`
        : `${name}\t${from} with prefix '${prefix}'\tOptional: ${optional}\n`,
    );
  }
}

function describeMounts(container: GoMap, w: PrefixWriter): void {
  const mounts = maps(container, 'volumeMounts');
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of goSort([...mounts], (a, b) => str(a, 'mountPath') < str(b, 'mountPath'))) {
    const flags = [bool(m, 'readOnly') ? 'ro' : 'rw'];
    if (str(m, 'subPath') !== '') flags.push(`path=${goQuote(str(m, 'subPath'))}`);
    w.write(LEVEL_3, `${str(m, 'mountPath')} from ${str(m, 'name')} (${flags.join(',')})\n`);
  }
  const devices = maps(container, 'volumeDevices');
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of goSort([...devices], (a, b) => str(a, 'devicePath') < str(b, 'devicePath')))
      w.write(LEVEL_3, `${str(d, 'devicePath')} from ${str(d, 'name')}\n`);
  }
}

/** describeContainers: `statuses` null for templates (no status, no env resolution). */
export function describeContainers(
  label: string,
  containers: GoMap[],
  statuses: GoMap[] | null,
  pod: GoMap | null,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [str(s, 'name'), s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = byName.get(str(c, 'name'));
    w.write(LEVEL_1, `${space !== '' ? ' ' : ''}${str(c, 'name')}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${str(status, 'containerID')}\n`);
    w.write(LEVEL_2, `Image:\t${str(c, 'image')}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${str(status, 'imageID')}\n`);
    const ports = maps(c, 'ports');
    const portString = portList(ports, 'containerPort');
    if (portString.includes(',')) w.write(LEVEL_2, `Ports:\t${portString}\n`);
    else w.write(LEVEL_2, `Port:\t${portString === '' ? '<none>' : portString}\n`);
    const hostPortString = portList(ports, 'hostPort');
    if (hostPortString.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPortString}\n`);
    else w.write(LEVEL_2, `Host Port:\t${hostPortString === '' ? '<none>' : hostPortString}\n`);
    if (has(c, 'securityContext', 'seccompProfile')) {
      const type = str(c, 'securityContext', 'seccompProfile', 'type');
      w.write(LEVEL_2, `SeccompProfile:\t${type}\n`);
      if (type === 'Localhost')
        w.write(
          LEVEL_3,
          `LocalhostProfile:\t${str(c, 'securityContext', 'seccompProfile', 'localhostProfile')}\n`,
        );
    }
    const command = strings(c, 'command');
    if (command.length > 0) {
      w.write(LEVEL_2, 'Command:\n');
      for (const part of command) for (const s of part.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    const args = strings(c, 'args');
    if (args.length > 0) {
      w.write(LEVEL_2, 'Args:\n');
      for (const part of args) for (const s of part.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      describeStatus('State', at(status, 'state'), w);
      if (has(status, 'lastState', 'terminated'))
        describeStatus('Last State', at(status, 'lastState'), w);
      w.write(LEVEL_2, `Ready:\t${printBool(bool(status, 'ready'))}\n`);
      w.write(LEVEL_2, `Restart Count:\t${int(status, 'restartCount')}\n`);
    }
    describeResources(at(c, 'resources'), w, LEVEL_2);
    for (const [field, title] of [
      ['livenessProbe', 'Liveness'],
      ['readinessProbe', 'Readiness'],
      ['startupProbe', 'Startup'],
    ] as const) {
      const probe = map(c, field);
      if (probe) w.write(LEVEL_2, `${title}:\t${describeProbe(probe)}\n`);
    }
    if (maps(c, 'envFrom').length > 0) describeEnvFrom(c, w);
    describeEnv(c, statuses === null ? null : pod, w);
    describeMounts(c, w);
  }
}

function describeTopologySpread(spec: GoValue | undefined, w: PrefixWriter, space: string): void {
  const tscs = maps(spec, 'topologySpreadConstraints');
  if (tscs.length === 0) return;
  const sorted = goSort([...tscs], (a, b) => str(a, 'topologyKey') < str(b, 'topologyKey'));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    w.write(LEVEL_0, `${str(t, 'topologyKey')}:`);
    w.write(LEVEL_0, str(t, 'whenUnsatisfiable'));
    w.write(LEVEL_0, ` when max skew ${int(t, 'maxSkew')} is exceeded`);
    if (has(t, 'labelSelector'))
      w.write(LEVEL_0, ` for selector ${formatLabelSelector(at(t, 'labelSelector'))}`);
    w.write(LEVEL_0, '\n');
  });
}

function describeWorkloadRef(ref: GoMap, w: PrefixWriter, space: string): void {
  w.write(LEVEL_0, `${space}WorkloadRef:\n`);
  w.write(LEVEL_1, `Name:\t${str(ref, 'name')}\n`);
  w.write(LEVEL_1, `PodGroup:\t${str(ref, 'podGroup')}\n`);
  if (str(ref, 'podGroupReplicaKey') !== '')
    w.write(LEVEL_1, `PodGroupReplicaKey:\t${str(ref, 'podGroupReplicaKey')}\n`);
}

/** DescribePodTemplate. */
export function describePodTemplate(template: GoMap | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (template === undefined) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', stringMap(template, 'metadata', 'labels'));
  const ann = stringMap(template, 'metadata', 'annotations');
  if (ann.length > 0) printAnnotationsMultiline(w, '  Annotations', ann);
  const spec = map(template, 'spec');
  if (str(spec, 'serviceAccountName') !== '')
    w.write(LEVEL_1, `Service Account:\t${str(spec, 'serviceAccountName')}\n`);
  if (maps(spec, 'initContainers').length > 0)
    describeContainers('Init Containers', maps(spec, 'initContainers'), null, null, w, '  ');
  describeContainers('Containers', maps(spec, 'containers'), null, null, w, '  ');
  describeVolumes(maps(spec, 'volumes'), w, '  ');
  describeTopologySpread(spec, w, '  ');
  if (str(spec, 'priorityClassName') !== '')
    w.write(LEVEL_1, `Priority Class Name:\t${str(spec, 'priorityClassName')}\n`);
  printLabelsMultiline(w, '  Node-Selectors', stringMap(spec, 'nodeSelector'));
  printTolerationsMultiline(w, '  Tolerations', maps(spec, 'tolerations'));
  const ref = map(spec, 'workloadRef');
  if (ref) describeWorkloadRef(ref, w, '  ');
}

/** qos.GetPodQOS. */
export function podQos(pod: GoMap): string {
  const fromStatus = str(pod, 'status', 'qosClass');
  if (fromStatus !== '') return fromStatus;
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const zero = quantityOrZero('0');
  const process = (into: Map<string, Quantity>, rl: Array<[string, Quantity]>): void => {
    for (const [name, q] of rl) {
      if (name !== 'cpu' && name !== 'memory') continue;
      if (cmp(q, zero) > 0) into.set(name, into.has(name) ? add(q, into.get(name) as Quantity) : q);
    }
  };
  const qosLimits = (rl: Array<[string, Quantity]>): Set<string> =>
    new Set(
      rl.filter(([n, q]) => (n === 'cpu' || n === 'memory') && cmp(q, zero) > 0).map(([n]) => n),
    );
  const podResources = map(pod, 'spec', 'resources');
  if (podResources) {
    if (has(podResources, 'requests')) process(requests, resourceList(podResources, 'requests'));
    if (has(podResources, 'limits')) {
      process(limits, resourceList(podResources, 'limits'));
      const l = qosLimits(resourceList(podResources, 'limits'));
      if (!(l.has('memory') && l.has('cpu'))) guaranteed = false;
    }
  } else {
    for (const c of [...maps(pod, 'spec', 'containers'), ...maps(pod, 'spec', 'initContainers')]) {
      process(requests, resourceList(c, 'resources', 'requests'));
      process(limits, resourceList(c, 'resources', 'limits'));
      const l = qosLimits(resourceList(c, 'resources', 'limits'));
      if (!(l.has('memory') && l.has('cpu'))) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || cmp(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** describePod; `events` null when events are not shown. */
export function describePod(pod: GoMap, events: GoMap[] | null, now: number): string {
  return tabbedString((w) => {
    const spec = map(pod, 'spec');
    w.write(LEVEL_0, `Name:\t${str(pod, 'metadata', 'name')}\n`);
    w.write(LEVEL_0, `Namespace:\t${str(pod, 'metadata', 'namespace')}\n`);
    if (has(spec, 'priority')) w.write(LEVEL_0, `Priority:\t${int(spec, 'priority')}\n`);
    if (str(spec, 'priorityClassName') !== '')
      w.write(LEVEL_0, `Priority Class Name:\t${str(spec, 'priorityClassName')}\n`);
    if (str(spec, 'runtimeClassName') !== '')
      w.write(LEVEL_0, `Runtime Class Name:\t${str(spec, 'runtimeClassName')}\n`);
    if (str(spec, 'serviceAccountName') !== '')
      w.write(LEVEL_0, `Service Account:\t${str(spec, 'serviceAccountName')}\n`);
    const nodeName = str(spec, 'nodeName');
    w.write(
      LEVEL_0,
      nodeName === '' ? 'Node:\t<none>\n' : `Node:\t${nodeName}/${str(pod, 'status', 'hostIP')}\n`,
    );
    if (has(pod, 'status', 'startTime'))
      w.write(LEVEL_0, `Start Time:\t${rfc1123z(parseTime(at(pod, 'status', 'startTime')))}\n`);
    printLabelsMultiline(w, 'Labels', labelsOf(pod));
    printAnnotationsMultiline(w, 'Annotations', annotationsOf(pod));
    const phase = str(pod, 'status', 'phase');
    if (has(pod, 'metadata', 'deletionTimestamp') && phase !== 'Failed' && phase !== 'Succeeded') {
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${since(at(pod, 'metadata', 'deletionTimestamp'), now)})\n`,
      );
      w.write(
        LEVEL_0,
        `Termination Grace Period:\t${int(pod, 'metadata', 'deletionGracePeriodSeconds')}s\n`,
      );
    } else {
      w.write(LEVEL_0, `Status:\t${phase}\n`);
    }
    if (str(pod, 'status', 'reason') !== '')
      w.write(LEVEL_0, `Reason:\t${str(pod, 'status', 'reason')}\n`);
    if (str(pod, 'status', 'message') !== '')
      w.write(LEVEL_0, `Message:\t${str(pod, 'status', 'message')}\n`);
    if (has(spec, 'securityContext', 'seccompProfile')) {
      const type = str(spec, 'securityContext', 'seccompProfile', 'type');
      w.write(LEVEL_0, `SeccompProfile:\t${type}\n`);
      if (type === 'Localhost')
        w.write(
          LEVEL_0,
          `LocalhostProfile:\t${str(spec, 'securityContext', 'seccompProfile', 'localhostProfile')}\n`,
        );
    }
    w.write(LEVEL_0, `IP:\t${str(pod, 'status', 'podIP')}\n`);
    const ips = maps(pod, 'status', 'podIPs');
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${str(ip, 'ip')}\n`);
    }
    const ctrl = controllerOf(pod);
    if (ctrl) w.write(LEVEL_0, `Controlled By:\t${str(ctrl, 'kind')}/${str(ctrl, 'name')}\n`);
    if (str(pod, 'status', 'nominatedNodeName') !== '')
      w.write(LEVEL_0, `NominatedNodeName:\t${str(pod, 'status', 'nominatedNodeName')}\n`);
    if (has(spec, 'resources')) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(at(spec, 'resources'), w, LEVEL_1);
    }
    if (maps(spec, 'initContainers').length > 0)
      describeContainers(
        'Init Containers',
        maps(spec, 'initContainers'),
        maps(pod, 'status', 'initContainerStatuses'),
        pod,
        w,
        '',
      );
    describeContainers(
      'Containers',
      maps(spec, 'containers'),
      maps(pod, 'status', 'containerStatuses'),
      pod,
      w,
      '',
    );
    if (maps(spec, 'ephemeralContainers').length > 0)
      describeContainers(
        'Ephemeral Containers',
        maps(spec, 'ephemeralContainers'),
        maps(pod, 'status', 'ephemeralContainerStatuses'),
        pod,
        w,
        '',
      );
    const conditions = maps(pod, 'status', 'conditions');
    const gates = maps(spec, 'readinessGates');
    if (gates.length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of gates) {
        const c = conditions.find((x) => str(x, 'type') === str(g, 'conditionType'));
        w.write(LEVEL_1, `${str(g, 'conditionType')} \t${c ? str(c, 'status') : '<none>'} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${str(c, 'type')} \t${str(c, 'status')} \n`);
    }
    describeVolumes(maps(spec, 'volumes'), w, '');
    w.write(LEVEL_0, `QoS Class:\t${podQos(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', stringMap(spec, 'nodeSelector'));
    printTolerationsMultiline(w, 'Tolerations', maps(spec, 'tolerations'));
    describeTopologySpread(spec, w, '');
    const ref = map(spec, 'workloadRef');
    if (ref) describeWorkloadRef(ref, w, '');
    if (events !== null) describeEvents(events, w, now);
  });
}

export const describePodKind: Describer = async (ctx, namespace, name) => {
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
