// The environment a rendered chart gives its process, with mounted Secret and ConfigMap files written out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { K8sObject } from './render.js';

type Json = Record<string, any>;

/**
 * The env of the first container of the named Deployment, as the process would see it: plain
 * values kept; a variable pointing at a mounted file gets a path under `dir` holding what the
 * rendered Secret or ConfigMap puts there. Files from objects the chart does not render (an
 * existing Secret, a CA ConfigMap) and `valueFrom` variables are left out.
 */
export function processEnv(
  objects: K8sObject[],
  deployment: string,
  dir: string,
): Record<string, string> {
  const workload = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === deployment);
  if (!workload) throw new Error(`no Deployment ${deployment} in the render`);
  const pod = (workload.spec as Json).template.spec as Json;
  const container = (pod.containers as Json[])[0] as Json;
  const files = mountedFiles(objects, pod, container);
  const env: Record<string, string> = {};
  mkdirSync(dir, { recursive: true });
  for (const variable of (container.env as Json[] | undefined) ?? []) {
    if (typeof variable.value !== 'string') continue;
    const value: string = variable.value;
    if (!value.startsWith('/')) {
      env[variable.name] = value;
      continue;
    }
    const content = files.get(value);
    if (content === undefined) continue;
    const path = join(dir, String(variable.name));
    writeFileSync(path, content);
    env[variable.name] = path;
  }
  return env;
}

/** Mounted path → content, for the files of rendered Secrets and ConfigMaps. */
function mountedFiles(objects: K8sObject[], pod: Json, container: Json): Map<string, string> {
  const data = (kind: string, name: string, key: string): string | undefined => {
    const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
    const value = (object?.data as Record<string, string> | undefined)?.[key];
    if (value === undefined) return undefined;
    return kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
  };
  const byVolume = new Map<string, Map<string, string>>();
  for (const volume of (pod.volumes as Json[] | undefined) ?? []) {
    const files = new Map<string, string>();
    const sources: Json[] = volume.projected?.sources ?? [volume];
    for (const source of sources) {
      const kind = source.secret ? 'Secret' : source.configMap ? 'ConfigMap' : null;
      if (kind === null) continue;
      const ref = (source.secret ?? source.configMap) as Json;
      const name = String(ref.secretName ?? ref.name);
      const items = (ref.items as Json[] | undefined) ?? [];
      if (items.length === 0) {
        const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
        for (const key of Object.keys((object?.data as Json | undefined) ?? {})) {
          const content = data(kind, name, key);
          if (content !== undefined) files.set(key, content);
        }
      }
      for (const item of items) {
        const content = data(kind, name, String(item.key));
        if (content !== undefined) files.set(String(item.path), content);
      }
    }
    byVolume.set(String(volume.name), files);
  }
  const out = new Map<string, string>();
  for (const mount of (container.volumeMounts as Json[] | undefined) ?? []) {
    for (const [path, content] of byVolume.get(String(mount.name)) ?? []) {
      out.set(`${String(mount.mountPath)}/${path}`, content);
    }
  }
  return out;
}
