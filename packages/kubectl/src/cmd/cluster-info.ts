// runClusterInfo: kubectl cluster-info (never dump) — the control plane URL and the cluster services labelled as such.
import type { ClusterInfoRequest } from '@porthole/policy';
import { CORE, RequestFailed, listItems } from '../resource/rest.js';
import { checkErrText } from '../resource/errors.js';
import { int, maps, str, stringMap } from '../go/obj.js';
import type { GoMap } from '../go/value.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

/** utilnet.JoinSchemeNamePort. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme !== '') return `${scheme}:${name}:${port}`;
  if (port !== '') return `${name}:${port}`;
  return name;
}

/** Runs `kubectl cluster-info` (not `dump`). */
export async function runClusterInfo(
  req: ClusterInfoRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const host = opts.serverUrl ?? 'https://kubernetes.default.svc';
  const trailer =
    "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  let services: GoMap[];
  try {
    services = await listItems(kube, CORE.services, req.namespace, {
      labelSelector: 'kubernetes.io/cluster-service=true',
      limit: 0,
    });
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    return { stdout: trailer, stderr: checkErrText(err.error), exitCode: 1 };
  }
  let stdout = `Kubernetes control plane is running at ${host}\n`;
  for (const svc of services) {
    let link = '';
    const ingress = maps(svc, 'status', 'loadBalancer', 'ingress');
    const ports = maps(svc, 'spec', 'ports');
    if (ingress.length > 0) {
      const ip = str(ingress[0], 'ip') !== '' ? str(ingress[0], 'ip') : str(ingress[0], 'hostname');
      for (const p of ports) link += `http://${ip}:${int(p, 'port')} `;
    } else {
      let name = str(svc, 'metadata', 'name');
      if (ports.length > 0) {
        const p = ports[0] as GoMap;
        const scheme = str(p, 'name') === 'https' || int(p, 'port') === 443 ? 'https' : '';
        name = joinSchemeNamePort(scheme, name, str(p, 'name'));
      }
      link = `${host}/api/v1/namespaces/${str(svc, 'metadata', 'namespace')}/services/${name}/proxy`;
    }
    const label =
      stringMap(svc, 'metadata', 'labels').find(([k]) => k === 'kubernetes.io/name')?.[1] ?? '';
    stdout += `${label !== '' ? label : str(svc, 'metadata', 'name')} is running at ${link}\n`;
  }
  return { stdout: stdout + trailer, stderr: '', exitCode: 0 };
}
