// runRollout: kubectl rollout history and rollout status — the status is one check (kubectl's --watch=false), never a watch.
import type { RolloutRequest } from '@porthole/policy';
import { CORE, JSON_ACCEPT, RequestFailed, getObject, listItems } from '../resource/rest.js';
import { deploymentReplicaSets } from '../describe/related.js';
import { selectorString } from '../describe/common.js';
import { describePodTemplate } from '../describe/pod.js';
import { plainString, tabbedString } from '../describe/writer.js';
import type { Mapping } from '../resource/discovery.js';
import { Discovery, DiscoveryError } from '../resource/discovery.js';
import type { KubeError } from '../resource/errors.js';
import { checkErrText, errorString, newAggregate, plainError } from '../resource/errors.js';
import { fetchAll, flatten } from '../resource/builder.js';
import { at, controllerOf, has, int, map, maps, str } from '../go/obj.js';
import type { GoMap, GoValue } from '../go/value.js';
import { cloneGo, isGoMap, nestedString } from '../go/value.js';
import type { CommandOutput, RunOptions } from '../types.js';
import type { KubeGet } from '../resource/client.js';

class RolloutError extends Error {
  constructor(readonly error: KubeError) {
    super('rollout failed');
    this.name = 'RolloutError';
  }
}

interface Target {
  mapping: Mapping;
  object: GoMap;
}

/** The builder every rollout subcommand uses: the TYPE/NAME argument resolved like get's. */
async function resolveTargets(
  req: RolloutRequest,
  namespace: string,
  kube: KubeGet,
  opts: RunOptions,
): Promise<{ targets: Target[]; error: KubeError | null }> {
  const selection = {
    resources: [{ type: req.resource.type, names: [req.resource.name] }],
    allNamespaces: false,
    labelSelector: null,
    fieldSelector: null,
    sortBy: null,
  };
  const discovery = new Discovery(kube, opts.discoveryCache);
  try {
    await discovery.load();
    const fetched = await fetchAll(selection, kube, discovery, namespace, JSON_ACCEPT);
    const targets = flatten(fetched.infos).flatMap((i) =>
      isGoMap(i.object) ? [{ mapping: i.mapping, object: i.object }] : [],
    );
    return { targets, error: fetched.visitError };
  } catch (err) {
    if (err instanceof DiscoveryError) throw new RolloutError(err.error);
    throw err;
  }
}

const groupKind = (m: Mapping): string => (m.group === '' ? m.kind : `${m.kind}.${m.group}`);

/** The status line of one workload, and whether its rollout is done (polymorphichelpers' status viewers). */
function rolloutStatus(m: Mapping, obj: GoMap, revision: number): string {
  const name = str(obj, 'metadata', 'name');
  const generation = int(obj, 'metadata', 'generation');
  const observed = int(obj, 'status', 'observedGeneration');
  if (m.group === 'apps' && m.kind === 'Deployment') {
    if (revision > 0) {
      const raw = map(obj, 'metadata', 'annotations')?.get('deployment.kubernetes.io/revision');
      const current = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : 0;
      if (revision !== current)
        throw new RolloutError(
          plainError(
            `desired revision (${revision}) is different from the running revision (${current})`,
          ),
        );
    }
    if (generation <= observed) {
      const progressing = maps(obj, 'status', 'conditions').find(
        (c) => str(c, 'type') === 'Progressing',
      );
      if (progressing && str(progressing, 'reason') === 'ProgressDeadlineExceeded')
        throw new RolloutError(plainError(`deployment "${name}" exceeded its progress deadline`));
      const replicas = int(obj, 'spec', 'replicas');
      const updated = int(obj, 'status', 'updatedReplicas');
      if (has(obj, 'spec', 'replicas') && updated < replicas)
        return `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`;
      const total = int(obj, 'status', 'replicas');
      if (total > updated)
        return `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`;
      const available = int(obj, 'status', 'availableReplicas');
      if (available < updated)
        return `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`;
      return `deployment "${name}" successfully rolled out\n`;
    }
    return 'Waiting for deployment spec update to be observed...\n';
  }
  if (m.group === 'apps' && m.kind === 'DaemonSet') {
    if (str(obj, 'spec', 'updateStrategy', 'type') !== 'RollingUpdate')
      throw new RolloutError(
        plainError('rollout status is only available for RollingUpdate strategy type'),
      );
    if (generation <= observed) {
      const desired = int(obj, 'status', 'desiredNumberScheduled');
      const updated = int(obj, 'status', 'updatedNumberScheduled');
      if (updated < desired)
        return `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`;
      const available = int(obj, 'status', 'numberAvailable');
      if (available < desired)
        return `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`;
      return `daemon set "${name}" successfully rolled out\n`;
    }
    return 'Waiting for daemon set spec update to be observed...\n';
  }
  if (m.group === 'apps' && m.kind === 'StatefulSet') {
    if (str(obj, 'spec', 'updateStrategy', 'type') !== 'RollingUpdate')
      throw new RolloutError(
        plainError('rollout status is only available for RollingUpdate strategy type'),
      );
    if (observed === 0 || generation > observed)
      return 'Waiting for statefulset spec update to be observed...\n';
    const replicas = int(obj, 'spec', 'replicas');
    const ready = int(obj, 'status', 'readyReplicas');
    if (has(obj, 'spec', 'replicas') && ready < replicas)
      return `Waiting for ${replicas - ready} pods to be ready...\n`;
    const updated = int(obj, 'status', 'updatedReplicas');
    if (has(obj, 'spec', 'updateStrategy', 'rollingUpdate')) {
      if (
        has(obj, 'spec', 'replicas') &&
        has(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition')
      ) {
        const want = replicas - int(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
        if (updated < want)
          return `Waiting for partitioned roll out to finish: ${updated} out of ${want} new pods have been updated...\n`;
      }
      return `partitioned roll out complete: ${updated} new pods have been updated...\n`;
    }
    const updateRevision = str(obj, 'status', 'updateRevision');
    const currentRevision = str(obj, 'status', 'currentRevision');
    if (updateRevision !== currentRevision)
      return `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...\n`;
    return `statefulset rolling update complete ${int(obj, 'status', 'currentReplicas')} pods at revision ${currentRevision}...\n`;
  }
  throw new RolloutError(plainError(`no status viewer has been implemented for ${groupKind(m)}`));
}

async function runStatus(
  req: RolloutRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const namespace = req.namespace ?? opts.defaultNamespace;
  const revision = req.revision;
  let stdout = '';
  try {
    const { targets, error } = await resolveTargets(req, namespace, kube, opts);
    const errs: KubeError[] = error ? [error] : [];
    for (const t of targets) {
      try {
        // kubectl lists the object again by name before judging it; the agent reads it once more too.
        const fresh = await listItems(kube, t.mapping, str(t.object, 'metadata', 'namespace'), {
          fieldSelector: `metadata.name=${str(t.object, 'metadata', 'name')}`,
          limit: 0,
        });
        const obj = fresh[0] ?? t.object;
        stdout += rolloutStatus(t.mapping, obj, revision);
      } catch (err) {
        if (err instanceof RolloutError) errs.push(err.error);
        else if (err instanceof RequestFailed) errs.push(err.error);
        else throw err;
      }
    }
    const agg = newAggregate(errs);
    if (agg !== null) return { stdout, stderr: checkErrText(agg), exitCode: 1 };
    return { stdout, stderr: '', exitCode: 0 };
  } catch (err) {
    if (err instanceof RolloutError)
      return { stdout, stderr: checkErrText(err.error), exitCode: 1 };
    throw err;
  }
}

/** History of one workload: revision → pod template, plus change causes. */
interface Revision {
  template: GoMap;
  changeCause: string;
}

function changeCause(obj: GoValue | undefined): string {
  const v = map(obj, 'metadata', 'annotations')?.get('kubernetes.io/change-cause');
  return typeof v === 'string' ? v : '';
}

async function deploymentHistory(
  kube: KubeGet,
  namespace: string,
  name: string,
): Promise<Map<number, Revision>> {
  let d: GoMap;
  try {
    d = await getObject(kube, CORE.deployments, namespace, name);
  } catch (err) {
    if (err instanceof RequestFailed)
      throw new RolloutError(
        plainError(`failed to retrieve deployment ${name}: ${errorString(err.error)}`),
      );
    throw err;
  }
  let rsets;
  try {
    rsets = await deploymentReplicaSets(kube, d);
  } catch (err) {
    if (err instanceof RequestFailed)
      throw new RolloutError(
        plainError(
          `failed to retrieve replica sets from deployment ${name}: ${errorString(err.error)}`,
        ),
      );
    throw err;
  }
  const all = rsets.newRs ? [...rsets.allOld, rsets.newRs] : rsets.allOld;
  const history = new Map<number, Revision>();
  for (const rs of all) {
    const raw = map(rs, 'metadata', 'annotations')?.get('deployment.kubernetes.io/revision');
    let rev = 0;
    if (raw !== undefined) {
      if (typeof raw !== 'string' || !/^[-+]?\d+$/.test(raw)) continue;
      rev = Number(raw);
    }
    const template = cloneGo(map(rs, 'spec', 'template') ?? new Map()) as GoMap;
    const cause = changeCause(rs);
    if (cause !== '') {
      if (!isGoMap(template.get('metadata'))) template.set('metadata', new Map());
      const meta = template.get('metadata') as GoMap;
      if (!isGoMap(meta.get('annotations'))) meta.set('annotations', new Map());
      (meta.get('annotations') as GoMap).set('kubernetes.io/change-cause', cause);
    }
    history.set(rev, { template, changeCause: cause });
  }
  return history;
}

async function controllerRevisionHistory(
  kube: KubeGet,
  m: Mapping,
  namespace: string,
  name: string,
): Promise<Map<number, Revision>> {
  const label = m.kind === 'DaemonSet' ? 'DaemonSet' : 'Statefulset';
  let owner: GoMap;
  try {
    owner = await getObject(kube, m, namespace, name);
  } catch (err) {
    if (err instanceof RequestFailed)
      throw new RolloutError(
        plainError(`failed to retrieve ${label} ${name}: ${errorString(err.error)}`),
      );
    throw err;
  }
  const selector = selectorString(at(owner, 'spec', 'selector'));
  if (selector === null)
    throw new RolloutError(
      plainError(`failed to create selector for ${m.kind} ${name}: invalid label selector`),
    );
  let revisions: GoMap[];
  try {
    revisions = await listItems(kube, CORE.controllerrevisions, namespace, {
      labelSelector: selector,
      limit: 0,
    });
  } catch (err) {
    if (err instanceof RequestFailed)
      throw new RolloutError(
        plainError(
          `unable to find history controlled by ${m.kind} ${name}: ${errorString(err.error)}`,
        ),
      );
    throw err;
  }
  const history = new Map<number, Revision>();
  for (const r of revisions) {
    const ctrl = controllerOf(r);
    if (!ctrl || str(ctrl, 'uid') !== str(owner, 'metadata', 'uid')) continue;
    // ControllerRevision data holds the pod template as a replace patch; applying it yields that template.
    const template = cloneGo(
      map(r, 'data', 'spec', 'template') ?? map(owner, 'spec', 'template') ?? new Map(),
    ) as GoMap;
    template.delete('$patch');
    history.set(int(r, 'revision'), { template, changeCause: changeCause(r) });
  }
  return history;
}

/** HistoryViewerFor's error for kinds without history: known workload kinds and the rest word it differently. */
function noHistoryViewer(m: Mapping): string {
  const visited =
    (['apps', 'extensions'].includes(m.group) &&
      ['DaemonSet', 'Deployment', 'ReplicaSet'].includes(m.kind)) ||
    (m.group === 'batch' && (m.kind === 'Job' || m.kind === 'CronJob')) ||
    (['', 'core'].includes(m.group) && (m.kind === 'Pod' || m.kind === 'ReplicationController')) ||
    (m.group === 'apps' && m.kind === 'StatefulSet');
  if (visited) return `no history viewer has been implemented for "${groupKind(m)}"`;
  return `error retrieving history for "${groupKind(m)}", no visitor method exists for {${m.group} ${m.kind}}`;
}

async function runHistory(
  req: RolloutRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const namespace = req.namespace ?? opts.defaultNamespace;
  const revision = req.revision;
  let stdout = '';
  try {
    const { targets, error } = await resolveTargets(req, namespace, kube, opts);
    const errs: KubeError[] = error ? [error] : [];
    for (const t of targets) {
      const name = nestedString(t.object, 'metadata', 'name');
      const ns = nestedString(t.object, 'metadata', 'namespace');
      try {
        let history: Map<number, Revision>;
        if (t.mapping.group === 'apps' && t.mapping.kind === 'Deployment')
          history = await deploymentHistory(kube, ns, name);
        else if (
          t.mapping.group === 'apps' &&
          (t.mapping.kind === 'DaemonSet' || t.mapping.kind === 'StatefulSet')
        )
          history = await controllerRevisionHistory(kube, t.mapping, ns, name);
        else throw new RolloutError(plainError(noHistoryViewer(t.mapping)));
        let text: string;
        if (history.size === 0) text = 'No rollout history found.';
        else if (revision > 0) {
          const entry = history.get(revision);
          if (!entry) throw new RolloutError(plainError('unable to find the specified revision'));
          text = plainString((w) => describePodTemplate(entry.template, w));
        } else {
          const revs = [...history.keys()].sort((a, b) => a - b);
          text = tabbedString((w) => {
            w.write(0, 'REVISION\tCHANGE-CAUSE\n');
            for (const r of revs) {
              const cause = (history.get(r) as Revision).changeCause;
              w.write(0, `${r}\t${cause === '' ? '<none>' : cause}\n`);
            }
          });
        }
        const withRevision = revision > 0 ? `with revision #${revision}` : '';
        const kindName = groupKind(t.mapping).replace(t.mapping.kind, t.mapping.kind.toLowerCase());
        stdout += `${kindName}/${name} ${withRevision}\n${text}\n`;
      } catch (err) {
        if (err instanceof RolloutError) {
          errs.push(err.error);
          continue;
        }
        throw err;
      }
    }
    const agg = newAggregate(errs);
    if (agg !== null) return { stdout, stderr: checkErrText(agg), exitCode: 1 };
    return { stdout, stderr: '', exitCode: 0 };
  } catch (err) {
    if (err instanceof RolloutError)
      return { stdout, stderr: checkErrText(err.error), exitCode: 1 };
    throw err;
  }
}

/** Runs `kubectl rollout history|status`; status is one check (kubectl's --watch=false). */
export function runRollout(
  req: RolloutRequest,
  kube: KubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  return req.subcommand === 'status' ? runStatus(req, kube, opts) : runHistory(req, kube, opts);
}
