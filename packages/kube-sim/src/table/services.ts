// Service rows as the apiserver prints them (printService): cluster IP, external IP rules, PORT(S).
import type { KubeObject, Service, ServicePort } from '../types.js';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns.js';
import { timestampSince } from './duration.js';
import { byteOrder, formatLabels } from './format.js';
import type { Cell, Printer } from './printer.js';

export const serviceColumns = [
  NAME_COLUMN,
  column(
    'Type',
    'string',
    'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
  ),
  column(
    'Cluster-IP',
    'string',
    'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  ),
  column(
    'External-IP',
    'string',
    'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.',
  ),
  column(
    'Port(s)',
    'string',
    'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
  ),
  AGE_COLUMN,
  column(
    'Selector',
    'string',
    'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/',
    1,
  ),
];

const LOAD_BALANCER_WIDTH = 16;

/** makePortString: "80/TCP", or "80:30080/TCP" with a node port, joined by commas. */
export function servicePorts(ports: ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0
        ? `${p.port}:${p.nodePort}/${protocol}`
        : `${p.port}/${protocol}`;
    })
    .join(',');
}

/** loadBalancerStatusStringer: unique sorted ingress IPs/hostnames, clipped to 16 bytes unless wide. */
function loadBalancerAddresses(service: Service, wide: boolean): string {
  const result = new Set<string>();
  for (const ingress of service.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) result.add(ingress.ip);
    else if (ingress.hostname) result.add(ingress.hostname);
  }
  let text = [...result].sort(byteOrder).join(',');
  if (!wide && text.length > LOAD_BALANCER_WIDTH)
    text = `${text.slice(0, LOAD_BALANCER_WIDTH - 3)}...`;
  return text;
}

/** getServiceExternalIP. The apiserver prints with wide=true, so load balancer lists are not clipped. */
export function serviceExternalIP(service: Service, wide = true): string {
  const spec = service.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(service, wide);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function serviceCells(object: KubeObject, now: Date): Cell[] {
  const service = object as Service;
  const spec = service.spec ?? {};
  // The stored object always carries clusterIPs; clusterIP stands in for fixtures that only set the singular.
  const clusterIP = spec.clusterIPs?.[0] ?? spec.clusterIP ?? '';
  return [
    service.metadata.name,
    spec.type ?? 'ClusterIP',
    clusterIP || '<none>',
    serviceExternalIP(service),
    servicePorts(spec.ports) || '<none>',
    timestampSince(service.metadata.creationTimestamp, now),
    formatLabels(spec.selector),
  ];
}

export const servicePrinter: Printer = { columns: serviceColumns, cells: serviceCells };
