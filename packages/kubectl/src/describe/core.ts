// Describers for core/v1 kinds: Services, Endpoints, ConfigMaps, Secrets, ServiceAccounts, Namespaces, quotas and limit ranges.
import type { ResourceRef } from '../resource/rest.js';
import { CORE, RequestFailed, getObject, listItems } from '../resource/rest.js';
import { goSort } from '../go/sort.js';
import { parseTime, rfc1123z } from '../go/time.js';
import { at, has, int, intOrString, map, maps, str, stringMap, strings } from '../go/obj.js';
import { quantityOrZero, quantityString, value as qValue } from '../go/quantity.js';
import type { GoMap } from '../go/value.js';
import { compareUtf8 } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  formatLabelMap,
  labelsOf,
  nameOf,
  namespaceOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  uidOf,
  resourceList,
  formatEndpointSlices,
  rl,
} from './common.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { endpointSlicesFor, eventsFor, searchEvents } from './related.js';

export const describeService: Describer = async (ctx, namespace, name) => {
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

export const describeEndpoints: Describer = async (ctx, namespace, name) => {
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

export const describeConfigMap: Describer = async (ctx, namespace, name) => {
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
export const describeSecret: Describer = async (ctx, namespace, name) => {
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

export const describeServiceAccount: Describer = async (ctx, namespace, name) => {
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

export const describeNamespace: Describer = async (ctx, _namespace, name) => {
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

export const describeResourceQuota: Describer = async (ctx, namespace, name) => {
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

export const describeLimitRange: Describer = async (ctx, namespace, name) => {
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
