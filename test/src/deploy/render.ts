// Rendering the Helm charts of deploy/helm with the pinned helm, parsed into plain objects.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKubectl } from '../harness/kubectl.js';
import { REPO_ROOT } from '../harness/process.js';
import { helm, runTool, type ToolRun } from '../harness/tools.js';

export const DEPLOY_DIR = join(REPO_ROOT, 'deploy');

export type ChartName = 'porthole' | 'porthole-agent';

export const CHARTS: Record<
  ChartName,
  { dir: string; namespace: string; release: string; required: string[] }
> = {
  porthole: {
    dir: join(DEPLOY_DIR, 'helm', 'porthole'),
    namespace: 'porthole',
    release: 'porthole',
    required: [],
  },
  'porthole-agent': {
    dir: join(DEPLOY_DIR, 'helm', 'porthole-agent'),
    namespace: 'porthole-agent',
    release: 'agent',
    // The agent has no meaningful default for these: the smallest valid install names them.
    required: [
      'clusterId=prod-eu',
      'apiUrl=https://porthole.example.com',
      'auth.agentToken=0123456789abcdef0123456789abcdef',
    ],
  },
};

/** A rendered Kubernetes object: only the envelope is typed; the rest is checked at run time. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface Variant {
  chart: ChartName;
  /** `default` or the example file name. */
  name: string;
  valuesFiles: string[];
  set: string[];
}

/** Default values (plus the required ones) and every example of both charts. */
export function allVariants(): Variant[] {
  const variants: Variant[] = [];
  for (const chart of Object.keys(CHARTS) as ChartName[]) {
    const { dir, required } = CHARTS[chart];
    variants.push({ chart, name: 'default', valuesFiles: [], set: required });
    const examples = join(dir, 'examples');
    for (const file of readdirSync(examples)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      variants.push({ chart, name: file, valuesFiles: [join(examples, file)], set: [] });
    }
  }
  return variants;
}

/** `helm template` of a chart; `extra` takes further flags such as `--set-json`. */
export async function templateRaw(
  chart: ChartName,
  valuesFiles: string[] = [],
  set: string[] = [],
  extra: string[] = [],
): Promise<ToolRun> {
  const { dir, namespace, release } = CHARTS[chart];
  const args = ['template', release, dir, '--namespace', namespace];
  for (const file of valuesFiles) args.push('--values', file);
  for (const pair of set) args.push('--set', pair);
  return helm([...args, ...extra]);
}

/** `helm lint --strict` of a chart with the given values. */
export async function lint(
  chart: ChartName,
  valuesFiles: string[] = [],
  set: string[] = [],
): Promise<ToolRun> {
  const args = ['lint', '--strict', CHARTS[chart].dir];
  for (const file of valuesFiles) args.push('--values', file);
  for (const pair of set) args.push('--set', pair);
  return helm(args);
}

/** `helm template`, failing with helm's own message when it refuses the values. */
export async function render(
  chart: ChartName,
  valuesFiles: string[] = [],
  set: string[] = [],
  extra: string[] = [],
): Promise<K8sObject[]> {
  const result = await templateRaw(chart, valuesFiles, set, extra);
  if (result.exitCode !== 0) {
    throw new Error(`helm template ${chart} failed (${result.exitCode}): ${result.stderr.trim()}`);
  }
  return decodeManifests(result.stdout);
}

const MARKER = 'porthole.io/decoded-by-kubectl';

/**
 * YAML manifests to objects, decoded by the pinned kubectl itself (offline: `annotate --local`),
 * so YAML 1.1 quirks (`yes`, `on`, `0440`) turn into exactly what the API server would receive.
 * The marker annotation kubectl needs to do anything is removed again.
 */
export async function decodeManifests(text: string): Promise<K8sObject[]> {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-manifests-'));
  try {
    const file = join(dir, 'manifests.yaml');
    writeFileSync(file, text);
    const result = await runTool(
      await ensureKubectl(),
      [
        'annotate',
        '--local',
        '--overwrite',
        '-f',
        file,
        '-o',
        'json',
        `${MARKER}=1`,
        '--kubeconfig',
        '/dev/null',
        '--cache-dir',
        join(dir, 'cache'),
      ],
      { PATH: process.env.PATH, HOME: dir },
    );
    if (result.exitCode !== 0)
      throw new Error(`kubectl could not decode the manifests: ${result.stderr.trim()}`);
    return splitJsonStream(result.stdout).map((object) => {
      const o = object as K8sObject;
      const annotations = o.metadata.annotations ?? {};
      delete annotations[MARKER];
      if (Object.keys(annotations).length === 0) delete o.metadata.annotations;
      return o;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** kubectl prints one JSON document per object, back to back. */
function splitJsonStream(text: string): unknown[] {
  const documents: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' && --depth === 0) {
      documents.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  if (depth !== 0 || inString) throw new Error('kubectl printed truncated JSON');
  return documents;
}

export function renderVariant(variant: Variant): Promise<K8sObject[]> {
  return render(variant.chart, variant.valuesFiles, variant.set);
}

/** The pod template of a workload, or undefined for other kinds. */
export function podSpecOf(
  object: K8sObject,
): { labels: Record<string, string>; spec: Record<string, any> } | undefined {
  const spec = object.spec as Record<string, any> | undefined;
  switch (object.kind) {
    case 'Pod':
      return { labels: object.metadata.labels ?? {}, spec: spec ?? {} };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return { labels: spec?.template?.metadata?.labels ?? {}, spec: spec?.template?.spec ?? {} };
    case 'CronJob':
      return {
        labels: spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {},
        spec: spec?.jobTemplate?.spec?.template?.spec ?? {},
      };
    default:
      return undefined;
  }
}

export function objectName(object: K8sObject): string {
  return `${object.kind}/${object.metadata?.name}`;
}
