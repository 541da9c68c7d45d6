// Endpoints, EndpointSlice, Ingress and NetworkPolicy rows as the apiserver prints them.
import type { EndpointSlice, Endpoints, Ingress, KubeObject, NetworkPolicy } from '../types.js';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import { byteOrder, formatLabelSelector } from './format.js';
import type { Cell, Printer } from './printer.js';

const MAX_LISTED = 3;

/** net.JoinHostPort: IPv6 addresses get brackets. */
function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** formatEndpoints: up to three ready "ip:port" pairs, "+ N more...", "<none>" without subsets. */
export function formatEndpoints(endpoints: Endpoints, portNames?: Set<string>): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    if ((subset.ports ?? []).length === 0) {
      // Headless services without ports list bare addresses.
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === MAX_LISTED) {
          more = true;
          break;
        }
        list.push(address.ip);
      }
      continue;
    }
    for (const port of subset.ports ?? []) {
      if (portNames && !portNames.has(port.name ?? '')) continue;
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === MAX_LISTED) {
          more = true;
          break;
        }
        list.push(hostPort(address.ip, port.port));
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - MAX_LISTED} more...` : text;
}

/** listWithMoreString: "<unset>" for an empty list. */
function listWithMore(list: string[], more: boolean, count: number): string {
  const text = list.join(',');
  if (more) return `${text} + ${count - MAX_LISTED} more...`;
  return text === '' ? '<unset>' : text;
}

export function endpointSlicePorts(slice: EndpointSlice): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const port of slice.ports ?? []) {
    if (list.length < MAX_LISTED) {
      list.push(port.port !== undefined ? String(port.port) : (port.name ?? '*'));
    } else if (list.length === MAX_LISTED) {
      more = true;
    }
    count++;
  }
  return listWithMore(list, more, count);
}

export function endpointSliceEndpoints(slice: EndpointSlice): string {
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const endpoint of slice.endpoints ?? []) {
    for (const address of endpoint.addresses ?? []) {
      if (list.length < MAX_LISTED) list.push(address);
      else if (list.length === MAX_LISTED) more = true;
      count++;
    }
  }
  return listWithMore(list, more, count);
}

export const endpointsPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const ep = object as Endpoints;
    return [
      ep.metadata.name,
      formatEndpoints(ep),
      timestampSince(ep.metadata.creationTimestamp, now),
    ];
  },
};

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', 'The type of address carried by this EndpointSlice.'),
    column('Ports', 'string', 'The network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'string', 'A list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const slice = object as EndpointSlice;
    return [
      slice.metadata.name,
      slice.addressType ?? '',
      endpointSlicePorts(slice),
      endpointSliceEndpoints(slice),
      timestampSince(slice.metadata.creationTimestamp, now),
    ];
  },
};

/** formatHosts: up to three hosts, "*" when no rule names one. */
export function ingressHosts(ingress: Ingress): string {
  const rules = ingress.spec?.rules ?? [];
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === MAX_LISTED) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const text = list.join(',');
  return more ? `${text} + ${rules.length - MAX_LISTED} more...` : text;
}

function ingressAddress(ingress: Ingress): string {
  const seen = new Set<string>();
  for (const entry of ingress.status?.loadBalancer?.ingress ?? []) {
    if (entry.ip) seen.add(entry.ip);
    else if (entry.hostname) seen.add(entry.hostname);
  }
  // The apiserver joins a Go set in map order; sorting keeps one address stable and several deterministic.
  return [...seen].sort(byteOrder).join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    column(
      'Hosts',
      'string',
      'Hosts that incoming requests are matched against before the ingress rule',
    ),
    column(
      'Address',
      'string',
      'Address is a list containing ingress points for the load-balancer',
    ),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const ingress = object as Ingress;
    return [
      ingress.metadata.name,
      ingress.spec?.ingressClassName ?? '<none>',
      ingressHosts(ingress),
      ingressAddress(ingress),
      (ingress.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
      timestampSince(ingress.metadata.creationTimestamp, now),
    ];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Pod-Selector',
      'string',
      'Selects the pods to which this NetworkPolicy object applies.',
    ),
    AGE_COLUMN,
  ],
  cells(object: KubeObject, now: Date): Cell[] {
    const policy = object as NetworkPolicy;
    return [
      policy.metadata.name,
      formatLabelSelector(policy.spec?.podSelector ?? {}),
      timestampSince(policy.metadata.creationTimestamp, now),
    ];
  },
};
