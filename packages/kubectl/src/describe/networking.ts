// Describers for networking.k8s.io (Ingresses, IngressClasses, NetworkPolicies) and discovery.k8s.io EndpointSlices.
import { CORE, RequestFailed, getObject } from '../resource/rest.js';
import { errorString } from '../resource/errors.js';
import { parseTime, goTimeString } from '../go/time.js';
import { at, bool, has, int, intOrString, map, maps, str, stringMap, strings } from '../go/obj.js';
import type { GoMap } from '../go/value.js';
import { compareUtf8 } from '../go/value.js';
import {
  annotationsOf,
  describeEvents,
  formatLabelSelector,
  labelsOf,
  nameOf,
  namespaceOf,
  printAnnotationsMultiline,
  printLabelsMultiline,
  formatEndpointSlices,
} from './common.js';
import type { PrefixWriter } from './writer.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from './writer.js';
import type { Describer } from './related.js';
import { eventsFor, endpointSlicesFor } from './related.js';

export const describeEndpointSlice: Describer = async (ctx, namespace, name) => {
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

export const describeIngress: Describer = async (ctx, namespace, name) => {
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

export const describeIngressClass: Describer = async (ctx, _namespace, name) => {
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

export const describeNetworkPolicy: Describer = async (ctx, namespace, name) => {
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
