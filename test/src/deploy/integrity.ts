// Cross-object checks of a rendered chart: every name, port, volume and file it refers to exists.
import { AGENT_ENV_VARIABLES } from '@porthole/agent';
import { API_ENV_VARIABLES } from '@porthole/api';
import { objectName, podSpecOf, type K8sObject } from './render.js';

type Json = Record<string, any>;

/** The variables each process reads (each may take `_FILE`), from the processes' own schemas. */
export const CONTRACT_ENV = { api: API_ENV_VARIABLES, agent: AGENT_ENV_VARIABLES } as const;

/** Node.js' own variable for a private CA bundle, set by both charts when asked to. */
const NODE_ENV_VARS = ['NODE_EXTRA_CA_CERTS'];

/** Secret-bearing variables: they must arrive as `NAME_FILE`, never as a value in the pod spec. */
export const SECRET_ENV = [
  'REDIS_URL',
  'REDIS_PASSWORD',
  'PORTHOLE_API_KEYS',
  'PORTHOLE_ADMIN_KEYS',
  'PORTHOLE_AGENT_TOKENS',
  'PORTHOLE_SIGNING_KEY',
  'PORTHOLE_SIGNING_KEY_PREVIOUS',
  'PORTHOLE_AGENT_TOKEN',
];

function matches(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

/**
 * Broken references in a rendered chart. `external` names Secrets and ConfigMaps the operator
 * provides (auth.existingSecret, extraCaCertificates.configMap); anything else referred to must
 * be rendered.
 */
export function checkIntegrity(
  objects: K8sObject[],
  component: 'api' | 'agent',
  external: string[],
): string[] {
  const problems: string[] = [];
  const workloads = objects.flatMap((o) => {
    const pod = podSpecOf(o);
    return pod ? [{ object: o, ...pod }] : [];
  });
  const containerPorts = (labels: Record<string, string>) =>
    workloads
      .filter(
        (w) =>
          Object.keys(labels).length > 0 &&
          Object.entries(labels).every(([k, v]) => w.labels[k] === v),
      )
      .flatMap((w) =>
        (w.spec.containers as Json[]).flatMap((c) => (c.ports as Json[] | undefined) ?? []),
      );
  const secretExists = (name: string) =>
    external.includes(name) || find(objects, 'Secret', name) !== undefined;

  for (const w of workloads) {
    const where = objectName(w.object);
    const selector = (w.object.spec as Json).selector?.matchLabels as
      Record<string, string> | undefined;
    if (!matches(selector, w.labels))
      problems.push(`${where}: selector does not match the pod template labels`);
    const volumes = new Map<string, Json>(
      ((w.spec.volumes as Json[] | undefined) ?? []).map((v) => [v.name, v]),
    );
    if (w.spec.serviceAccountName && !find(objects, 'ServiceAccount', w.spec.serviceAccountName)) {
      problems.push(`${where}: ServiceAccount ${w.spec.serviceAccountName} is not rendered`);
    }
    for (const volume of volumes.values()) {
      const sources: Json[] =
        volume.projected?.sources ??
        (volume.secret ? [{ secret: { ...volume.secret, name: volume.secret.secretName } }] : []);
      for (const source of sources) {
        if (source.secret && !secretExists(source.secret.name))
          problems.push(
            `${where}: volume ${volume.name} reads unknown Secret ${source.secret.name}`,
          );
      }
      if (
        volume.configMap &&
        !external.includes(volume.configMap.name) &&
        !find(objects, 'ConfigMap', volume.configMap.name)
      ) {
        problems.push(
          `${where}: volume ${volume.name} reads unknown ConfigMap ${volume.configMap.name}`,
        );
      }
    }
    for (const c of w.spec.containers as Json[]) {
      const mounts = (c.volumeMounts as Json[] | undefined) ?? [];
      for (const mount of mounts) {
        if (!volumes.has(mount.name))
          problems.push(`${where} container ${c.name}: mounts undefined volume ${mount.name}`);
      }
      const allowed = new Set<string>(
        component === 'api' && c.name === 'api'
          ? CONTRACT_ENV.api
          : component === 'agent'
            ? CONTRACT_ENV.agent
            : [],
      );
      for (const env of (c.env as Json[] | undefined) ?? []) {
        const name = String(env.name);
        const base = name.replace(/_FILE$/, '');
        // Outside Porthole's own names a variable is the operator's (extraEnv): not ours to judge.
        const ours = /^(PORTHOLE_|REDIS_|LOG_LEVEL$)/.test(name);
        if (
          allowed.size > 0 &&
          ours &&
          !allowed.has(name) &&
          !allowed.has(base) &&
          !NODE_ENV_VARS.includes(name)
        )
          problems.push(`${where} container ${c.name}: ${env.name} is not a CONTRACT §2 variable`);
        if (SECRET_ENV.includes(env.name))
          problems.push(
            `${where} container ${c.name}: secret ${env.name} is passed as a value, not as ${env.name}_FILE`,
          );
        const ref = env.valueFrom?.secretKeyRef;
        if (ref && !secretExists(ref.name))
          problems.push(
            `${where} container ${c.name}: ${env.name} reads unknown Secret ${ref.name}`,
          );
        if (String(env.name).endsWith('_FILE') || env.name === 'NODE_EXTRA_CA_CERTS') {
          // The file must sit in a mounted volume that projects exactly that file name.
          const path = String(env.value);
          const mount = mounts.find((m) => path.startsWith(`${m.mountPath}/`));
          if (!mount) {
            problems.push(
              `${where} container ${c.name}: ${env.name}=${path} is outside every mount`,
            );
            continue;
          }
          const file = path.slice(mount.mountPath.length + 1);
          const volume = volumes.get(mount.name) ?? {};
          const items: Json[] = [
            ...((volume.projected?.sources as Json[] | undefined) ?? []).flatMap(
              (s) => (s.secret?.items ?? s.configMap?.items ?? []) as Json[],
            ),
            ...((volume.secret?.items as Json[] | undefined) ?? []),
            ...((volume.configMap?.items as Json[] | undefined) ?? []),
          ];
          const projectsAll = volume.configMap && !volume.configMap.items;
          if (!projectsAll && !items.some((item) => item.path === file)) {
            problems.push(
              `${where} container ${c.name}: ${env.name} names ${file}, which volume ${mount.name} does not provide`,
            );
          }
        }
      }
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (
          typeof port === 'string' &&
          !((c.ports as Json[] | undefined) ?? []).some((p) => p.name === port)
        ) {
          problems.push(`${where} container ${c.name}: probe port ${port} is not declared`);
        }
      }
    }
  }

  for (const o of objects) {
    const where = objectName(o);
    const spec = (o.spec ?? {}) as Json;
    if (o.kind === 'Service') {
      const ports = containerPorts(spec.selector ?? {});
      if (ports.length === 0) problems.push(`${where}: selects no pod`);
      for (const p of (spec.ports as Json[]) ?? []) {
        if (typeof p.targetPort === 'string' && !ports.some((cp) => cp.name === p.targetPort)) {
          problems.push(
            `${where}: targetPort ${p.targetPort} is not a container port of the selected pods`,
          );
        }
      }
    }
    if (o.kind === 'Ingress') {
      for (const rule of (spec.rules as Json[]) ?? []) {
        for (const path of (rule.http?.paths as Json[]) ?? []) {
          const backend = path.backend?.service;
          const service = backend && find(objects, 'Service', backend.name);
          if (!service) problems.push(`${where}: backend Service ${backend?.name} is not rendered`);
          else if (
            !((service.spec as Json).ports as Json[]).some(
              (p) => p.name === backend.port?.name || p.port === backend.port?.number,
            )
          ) {
            problems.push(
              `${where}: backend port ${JSON.stringify(backend.port)} is not a port of ${backend.name}`,
            );
          }
          if (backend?.port?.name === 'metrics') problems.push(`${where}: routes the metrics port`);
        }
      }
      if (!(spec.tls as Json[] | undefined)?.length) problems.push(`${where}: no TLS`);
    }
    if (
      o.kind === 'PodDisruptionBudget' &&
      !workloads.some((w) => matches(spec.selector?.matchLabels, w.labels))
    ) {
      problems.push(`${where}: selects no pod`);
    }
    if (
      o.kind === 'HorizontalPodAutoscaler' &&
      !find(objects, spec.scaleTargetRef?.kind, spec.scaleTargetRef?.name)
    ) {
      problems.push(
        `${where}: scales ${spec.scaleTargetRef?.kind}/${spec.scaleTargetRef?.name}, which is not rendered`,
      );
    }
    if (o.kind === 'HorizontalPodAutoscaler') {
      const target = find(objects, spec.scaleTargetRef?.kind, spec.scaleTargetRef?.name);
      if ((target?.spec as Json | undefined)?.replicas !== undefined)
        problems.push(`${where}: its Deployment also fixes replicas`);
    }
    if (o.kind === 'NetworkPolicy') {
      const selected = spec.podSelector?.matchLabels as Record<string, string> | undefined;
      if (!workloads.some((w) => matches(selected, w.labels)))
        problems.push(`${where}: selects no pod of the chart`);
      const ports = containerPorts(selected ?? {});
      for (const rule of (spec.ingress as Json[] | undefined) ?? []) {
        for (const p of (rule.ports as Json[] | undefined) ?? []) {
          if (typeof p.port === 'string' && !ports.some((cp) => cp.name === p.port))
            problems.push(`${where}: ingress port ${p.port} is not a named port of its pods`);
        }
      }
    }
    if (o.kind === 'ServiceMonitor') {
      const service = objects.find(
        (s) => s.kind === 'Service' && matches(spec.selector?.matchLabels, s.metadata.labels ?? {}),
      );
      if (!service) problems.push(`${where}: selects no Service`);
      for (const endpoint of (spec.endpoints as Json[]) ?? []) {
        if (
          service &&
          !((service.spec as Json).ports as Json[]).some((p) => p.name === endpoint.port)
        ) {
          problems.push(`${where}: port ${endpoint.port} is not a port of ${objectName(service)}`);
        }
      }
    }
  }
  return problems;
}
