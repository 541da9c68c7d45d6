// Parity matrix for every verb but get: runKubectl and the real kubectl v1.35 read the same kube-sim, outputs must match.
//
// Each row runs the real binary (TZ=UTC, its own cache dir) and runKubectl against the same
// simulated cluster and compares stdout, stderr and exit code byte for byte. describe and
// events compute ages with the client's clock, so the agent's clock is pinned to a moment
// within the real run: the row passes if some whole second between the start and the end of
// kubectl's run gives identical output. Rows where identity is impossible say why and assert
// the exact difference instead. Set PARITY_DUMP_DIR to keep both outputs of every row.
//
// runKubectl is given what the agent gives it: the typed request of the policy's decision on
// the command, evaluated against the cluster's discovery. So each row covers policy and
// renderer together.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '@porthole/policy';
import type { ApiResource, KubectlRequest } from '@porthole/policy';
import { defaultCluster, startKubeSim } from '@porthole/kube-sim';
import type { ClusterFixture, KubeSim } from '@porthole/kube-sim';
import { KubeTransportError } from '../resource/errors.js';
import { runKubectl } from '../run.js';
import type { RedactedKubeGet } from '../resource/redacting.js';
import { RedactionTally, redactingKube } from '../resource/redacting.js';
import { asAgent, asRedacted } from './testing/parity-redaction.js';
import { clusterResources } from '../testing/discovery.js';
import { requestOf } from '../testing/request.js';
import type { CommandOutput } from '../types.js';
import type { KubeGet } from '../resource/client.js';

const KUBECTL =
  process.env['KUBECTL'] ?? new URL('../../../../.tools/kubectl/kubectl', import.meta.url).pathname;
/** kube-sim's clock (server-side AGE cells, fixture times); clients use the real clock. */
const SIM_NOW = new Date('2025-06-01T12:00:00Z');

interface Cluster {
  sim: KubeSim;
  kubeconfig: string;
  cacheDir: string;
  kube: RedactedKubeGet;
  /** The cluster's resources, as the agent passes them to the policy. */
  discovery: ApiResource[];
}

function httpsKube(sim: KubeSim): KubeGet {
  const url = new URL(sim.url);
  return (path, accept) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'GET',
          ca: sim.caPem,
          headers: { accept, authorization: `Bearer ${sim.token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          // One entry per Warning header line (Node joins repeated headers in res.headers).
          const warnings = res.rawHeaders.filter(
            (_, i) => i % 2 === 1 && res.rawHeaders[i - 1]?.toLowerCase() === 'warning',
          );
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              warnings,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          new KubeTransportError(err.message, err.code === 'ECONNREFUSED' ? url.host : undefined),
        ),
      );
      req.end();
    });
}

interface Timed extends CommandOutput {
  start: number;
  end: number;
}

function realKubectl(c: Cluster, args: string[]): Promise<Timed> {
  return new Promise((resolve) => {
    const start = Date.now();
    execFile(
      KUBECTL,
      ['--kubeconfig', c.kubeconfig, '--cache-dir', c.cacheDir, ...args],
      {
        env: { PATH: process.env['PATH'] ?? '', HOME: c.cacheDir, TZ: 'UTC' },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 20_000,
      },
      (err, stdout, stderr) => {
        const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ stdout, stderr, exitCode, start, end: Date.now() });
      },
    );
  });
}

async function startCluster(
  dir: string,
  name: string,
  fixtures?: ClusterFixture,
): Promise<Cluster> {
  const sim = await startKubeSim({
    port: 0,
    now: () => SIM_NOW,
    ...(fixtures ? { fixtures } : {}),
  });
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  sim.writeKubeconfig(kubeconfig);
  return {
    sim,
    kubeconfig,
    cacheDir: join(dir, `${name}-cache`),
    kube: redactingKube(httpsKube(sim), new RedactionTally()),
    discovery: await clusterResources(httpsKube(sim)),
  };
}

/** One row of the matrix. */
interface Row {
  /** kubectl's arguments, space-separated. */
  command: string;
  /**
   * The request the agent runs, when it is not the policy's request for `command`: kubectl's
   * error paths the policy refuses but a request can still state (a type the cluster does not
   * serve, as after a CRD is deleted; a kind rollout cannot read).
   */
  request?: KubectlRequest;
  /**
   * The policy refuses the command and no request can state it (the renderer has no such
   * path): the row asserts that the policy refuses it.
   */
  refused?: true;
  /**
   * When set, identity is impossible: `normalize` is applied to both outputs before comparing,
   * and `why` says what differs.
   */
  normalize?: (o: CommandOutput) => CommandOutput;
  why?: string;
  /** kubectl prints nothing at all for this row (an empty log, say). */
  silent?: boolean;
}

const same = (o: CommandOutput): CommandOutput => o;

/** Lines in a stable order: kubectl iterates a Go map for these outputs, so its order varies run to run. */
const sortLines = (o: CommandOutput): CommandOutput => ({
  ...o,
  stdout: o.stdout.split('\n').sort().join('\n'),
  stderr: o.stderr.split('\n').sort().join('\n'),
});

const ROWS: Row[] = [
  // describe
  { command: 'describe pod web-7c5ddbdf54-2xkqp' },
  { command: 'describe pod api-6d8f7b9c4d-x7k2m' },
  { command: 'describe pod report-generator' },
  { command: 'describe pods -n kube-system' },
  { command: 'describe pod web' },
  { command: 'describe pod missing' },
  { command: 'describe pods -n shop' },
  { command: 'describe pods -l app=web' },
  { command: 'describe deploy web' },
  { command: 'describe deployment api' },
  { command: 'describe deployments -A' },
  { command: 'describe rs -n shop' },
  { command: 'describe svc' },
  { command: 'describe svc cart -n shop' },
  { command: 'describe svc kube-dns -n kube-system' },
  { command: 'describe nodes' },
  { command: 'describe node worker-2' },
  { command: 'describe ns' },
  { command: 'describe namespace shop' },
  { command: 'describe pod/web-7c5ddbdf54-2xkqp svc/web' },
  { command: 'describe pods -n nope' },
  {
    command: 'describe foo',
    request: { ...requestOf('describe', 'describe pods'), resources: [{ type: 'foo', names: [] }] },
  },
  { command: 'describe pod web-7c5ddbdf54-2xkqp --show-events=false' },
  // logs
  { command: 'logs web-7c5ddbdf54-2xkqp' },
  { command: 'logs web-7c5ddbdf54-2xkqp --tail 5' },
  { command: 'logs web-7c5ddbdf54-2xkqp --timestamps --tail 3' },
  { command: 'logs web-7c5ddbdf54-2xkqp --limit-bytes 100' },
  { command: 'logs web-7c5ddbdf54-2xkqp nginx --tail 2' },
  { command: 'logs web-7c5ddbdf54-2xkqp -c wrong' },
  { command: 'logs api-6d8f7b9c4d-x7k2m' },
  { command: 'logs api-6d8f7b9c4d-x7k2m -p' },
  { command: 'logs api-6d8f7b9c4d-x7k2m --previous --tail 1 --prefix' },
  { command: 'logs deploy/web --tail 2' },
  { command: 'logs deployment/api' },
  { command: 'logs svc/web --tail 1' },
  { command: 'logs report-generator', silent: true },
  { command: 'logs missing' },
  { command: 'logs -n shop db-migrate-9xq4z' },
  { command: 'logs', request: { ...requestOf('logs', 'logs web'), resource: null } },
  {
    command: 'logs -l app=web --prefix --tail 2',
    normalize: sortLines,
    why: 'kubectl reads the pods of a selector in Go map order, which changes from run to run',
  },
  {
    command: 'logs -l app=web',
    // The policy's request holds --tail=500, where kubectl reads 10 lines per pod for a
    // selector; the agent is given kubectl's own default to compare the selector default.
    request: { ...requestOf('logs', 'logs -l app=web'), tailLines: 10 },
    normalize: sortLines,
    why: 'kubectl reads the pods of a selector in Go map order, which changes from run to run',
  },
  // events
  { command: 'events' },
  { command: 'events -A' },
  { command: 'events -n shop' },
  { command: 'events -n kube-system -o json' },
  { command: 'events -n shop -o json' },
  { command: 'events -o yaml' },
  { command: 'events -A -o name', silent: true },
  { command: 'events --types Warning' },
  { command: 'events --types warning,Normal -A --no-headers' },
  { command: 'events --types Bogus', refused: true },
  { command: 'events --for pod/api-6d8f7b9c4d-x7k2m' },
  { command: 'events --for deploy/web' },
  { command: 'events --for Node/worker-2' },
  { command: 'events --for pod', refused: true },
  {
    command: 'events --for foo/bar',
    request: { ...requestOf('events', 'events'), for: { type: 'foo', name: 'bar' } },
  },
  { command: 'events -n nope' },
  { command: 'events -o wide', refused: true },
  // top
  { command: 'top pod' },
  { command: 'top node' },
  { command: 'top pod --sort-by=disk', refused: true },
  // discovery and cluster information
  { command: 'api-resources' },
  { command: 'api-resources -o wide' },
  { command: 'api-resources -o name' },
  { command: 'api-resources --namespaced=true' },
  { command: 'api-resources --namespaced=false -o wide' },
  { command: 'api-resources --api-group apps' },
  { command: 'api-resources --api-group= --no-headers' },
  { command: 'api-resources -o json' },
  { command: 'api-resources -o yaml --api-group apps' },
  { command: 'api-resources --sort-by kind' },
  { command: 'api-resources --verbs list --categories all' },
  { command: 'api-versions' },
  { command: 'version' },
  { command: 'version -o json' },
  { command: 'version -o yaml' },
  { command: 'cluster-info' },
  // rollout
  { command: 'rollout status deploy/web --watch=false' },
  { command: 'rollout status deployment api --watch=false' },
  { command: 'rollout status deploy/web --revision 2 --watch=false' },
  {
    command: 'rollout status svc/web --watch=false',
    request: {
      ...requestOf('rollout', 'rollout status deploy/web'),
      resource: { type: 'services', name: 'web' },
    },
  },
  { command: 'rollout status deploy/missing --watch=false' },
  { command: 'rollout history deploy/web' },
  { command: 'rollout history deployment/api --revision 1' },
  { command: 'rollout history deploy/web --revision 7' },
  { command: 'rollout history deploy -n shop', refused: true },
  {
    command: 'rollout history svc/web',
    request: {
      ...requestOf('rollout', 'rollout history deploy/web'),
      resource: { type: 'services', name: 'web' },
    },
  },
  // the failure scenarios: what an SRE runs in each
  { command: 'describe pod queue-worker-knwzx69qwp-4fjcd -n crashloop' },
  { command: 'describe pod image-resizer-sjgnqfrkkh-9nzgz -n oom' },
  { command: 'describe pods -n imagepull-typo' },
  { command: 'describe pods -n imagepull-private' },
  { command: 'describe pod reports-api -n init-failure' },
  { command: 'describe pods -n liveness' },
  { command: 'describe pods -n readiness' },
  { command: 'describe pods -n missing-configmap' },
  { command: 'describe pods -n missing-secret-key' },
  { command: 'describe deploy batch-runner -n missing-sa' },
  { command: 'describe rs -n missing-sa' },
  { command: 'describe pods -n unschedulable-cpu' },
  { command: 'describe pods -n unschedulable-taint' },
  { command: 'describe pvc -n pvc-pending' },
  { command: 'describe sts postgres -n pvc-pending' },
  { command: 'describe svc frontend -n svc-selector' },
  { command: 'describe endpoints frontend -n svc-selector' },
  { command: 'describe svc payments -n svc-port' },
  { command: 'describe endpointslices -n svc-port' },
  { command: 'describe netpol -n netpol-ingress' },
  { command: 'describe networkpolicy -n netpol-egress' },
  { command: 'describe netpol -n crossns-payments' },
  { command: 'describe role -n rbac-role' },
  { command: 'describe rolebinding -n rbac-role' },
  { command: 'describe clusterrole pod-reader' },
  { command: 'describe clusterrolebinding node-labeler-pod-reader' },
  { command: 'describe clusterrole admin' },
  { command: 'describe hpa -n readiness' },
  { command: 'describe hpa gateway -n platform' },
  { command: 'describe ingress -A' },
  { command: 'describe cronjob -n init-failure' },
  { command: 'describe jobs -n init-failure' },
  { command: 'describe job db-migrate -n shop' },
  { command: 'describe ds -n kube-system' },
  { command: 'describe widgets -n platform' },
  { command: 'describe crd widgets.example.com' },
  { command: 'describe sa -n rbac-role' },
  { command: 'describe cm order-config -n missing-configmap' },
  { command: 'describe storageclass' },
  { command: 'describe pv' },
  { command: 'describe limits -A' },
  { command: 'describe quota -A' },
  { command: 'logs deploy/queue-worker -n crashloop' },
  { command: 'logs queue-worker-knwzx69qwp-4fjcd -n crashloop -p' },
  { command: 'logs deploy/image-resizer -n oom -p' },
  { command: 'logs reports-api-tbqkhkt4nd-sfscz -n init-failure' },
  { command: 'logs reports-api-tbqkhkt4nd-sfscz -n init-failure -c wait-for-db' },
  {
    command: 'logs reports-api-tbqkhkt4nd-sfscz -n init-failure --all-containers',
    // Stops at the first container that cannot be read: which init logs come before the
    // error depends on that random order, so only the error and the exit code are compared.
    normalize: (o) => ({ ...sortLines(o), stdout: '' }),
    why: 'kubectl reads the containers of --all-containers in Go map order and stops at the first error, so the logs printed before it change from run to run',
  },
  { command: 'logs deploy/storefront -n imagepull-typo' },
  { command: 'logs deploy/inventory -n liveness --timestamps --tail 4' },
  { command: 'logs deploy/ledger -n missing-secret-key' },
  { command: 'logs sts/redis -n platform' },
  { command: 'logs job/nightly-export-29410560 -n init-failure' },
  { command: 'logs job/nightly-export-29410560 -n init-failure -c export-db' },
  { command: 'logs deploy/gateway -n platform --since 1h' },
  { command: 'events -n crashloop' },
  { command: 'events -n oom --types Warning' },
  { command: 'events -n unschedulable-cpu' },
  { command: 'events -n pvc-pending -o yaml' },
  { command: 'events --for pod/postgres-0 -n pvc-pending' },
  { command: 'events -A --types Warning' },
  { command: 'top pod -n platform' },
  { command: 'top pod -A --sort-by cpu' },
  { command: 'top pod -n platform --containers' },
  { command: 'top node --sort-by memory' },
  { command: 'top pod -A --sum' },
  { command: 'top node cp-1' },
  { command: 'top pod -l app=web --no-headers' },
  {
    command: 'top pod -n crashloop',
    normalize: (o) => ({ ...o, stderr: o.stderr.replace(/age: [0-9hms.]+/, 'age: <age>') }),
    why: "kubectl prints the pod's age from its own clock with nanoseconds, which no other process can reproduce",
  },
  { command: 'rollout status deploy/queue-worker -n crashloop --watch=false' },
  { command: 'rollout status deploy/checkout -n readiness --watch=false' },
  { command: 'rollout history deploy/gateway -n platform' },
  { command: 'rollout history deploy/gateway -n platform --revision 2' },
  { command: 'rollout status sts/redis -n platform --watch=false' },
  { command: 'rollout history sts/redis -n platform' },
  { command: 'rollout history sts/redis -n platform --revision 1' },
  { command: 'rollout status ds/kube-proxy -n kube-system --watch=false' },
  { command: 'rollout history ds/kube-proxy -n kube-system' },
  { command: 'rollout history ds/kube-proxy -n kube-system --revision 1' },
  // get flags the policy allows beyond the first get matrix
  { command: 'get pods -A --sort-by=.metadata.name' },
  { command: 'get pods -n kube-system --sort-by=.status.containerStatuses[0].restartCount' },
  { command: 'get pods -A --sort-by=.metadata.creationTimestamp -o name' },
  { command: 'get pods --sort-by=.spec.nodeName -o wide' },
  { command: 'get pods -n default --sort-by=.status.podIP -o json' },
  { command: 'get pods -n platform --sort-by={.spec.containers[0].resources.requests.memory}' },
  { command: 'get nodes --sort-by=.metadata.name -L kubernetes.io/hostname' },
  { command: 'get pods -L app,pod-template-hash' },
  { command: 'get pods -A -L app --show-labels --no-headers' },
  { command: 'get deploy --show-kind' },
  { command: 'get pod missing --ignore-not-found', silent: true },
  { command: 'get pod missing -o yaml --ignore-not-found', silent: true },
  { command: 'get pod/missing svc/web --ignore-not-found' },
  { command: 'get pods --sort-by=.metadata.nope' },
  { command: 'get pods --sort-by=.metadata.nope -o name' },
  { command: 'get pods,svc -n default --sort-by=.metadata.name' },
  { command: 'get pods,svc -n default --sort-by=.metadata.name -o name' },
  { command: 'get pods -n shop -o yaml --show-managed-fields' },
  // explain (OpenAPI v3)
  { command: 'explain pods' },
  { command: 'explain pods.spec' },
  { command: 'explain pods.spec.containers' },
  { command: 'explain pod.spec.containers.resources' },
  { command: 'explain po.spec.restartPolicy' },
  { command: 'explain deployments.apps.spec.strategy' },
  { command: 'explain deploy.spec --recursive' },
  { command: 'explain svc.spec.type' },
  { command: 'explain pods.spec.nope' },
  { command: 'explain nodes.status.conditions' },
  { command: 'explain configmaps.data' },
  { command: 'explain widgets' },
  { command: 'explain widgets.spec' },
  { command: 'explain foo', request: { ...requestOf('explain', 'explain pods'), resource: 'foo' } },
  { command: 'explain pods --api-version v1' },
  { command: 'explain cronjobs.spec.jobTemplate --recursive' },
];

function dump(command: string, want: CommandOutput, got: CommandOutput): string {
  return `kubectl ${command}\n--- kubectl (exit ${want.exitCode})\n${want.stdout}\n[stderr]\n${want.stderr}\n--- runKubectl (exit ${got.exitCode})\n${got.stdout}\n[stderr]\n${got.stderr}`;
}

const equal = (a: CommandOutput, b: CommandOutput): boolean =>
  a.stdout === b.stdout && a.stderr === b.stderr && a.exitCode === b.exitCode;

/** The request the agent runs for a row: the policy's, evaluated against the cluster's discovery. */
function agentRequest(c: Cluster, row: Row, args: string[]): KubectlRequest {
  if (row.request) return row.request;
  const decision = evaluate(args, { discovery: c.discovery });
  if (!decision.allowed) throw new Error(`the policy refuses this row: ${decision.message}`);
  return decision.request;
}

async function check(c: Cluster, row: Row): Promise<void> {
  const args = row.command.split(' ');
  if (row.refused) {
    // The agent answers with the policy's refusal; there is no renderer output to compare.
    expect(evaluate(args, { discovery: c.discovery }).allowed).toBe(false);
    return;
  }
  const request = agentRequest(c, row, args);
  const want = await realKubectl(c, args);
  const norm = row.normalize ?? same;
  const wanted: CommandOutput = norm({
    stdout: asRedacted(want.stdout),
    stderr: want.stderr,
    exitCode: want.exitCode,
  });
  // Candidate clocks: every whole second kubectl may have read while it ran.
  const candidates = [want.start];
  for (let t = Math.ceil(want.start / 1000) * 1000; t <= want.end; t += 1000) candidates.push(t);
  candidates.push(want.end);
  let got: CommandOutput | null = null;
  for (const now of candidates) {
    got = norm(
      asAgent(
        await runKubectl(request, c.kube, {
          defaultNamespace: 'default',
          now: () => now,
          serverUrl: c.sim.url,
        }),
      ),
    );
    if (equal(wanted, got)) break;
  }
  const out = got as CommandOutput;
  const dir = process.env['PARITY_DUMP_DIR'];
  if (dir)
    writeFileSync(
      join(dir, row.command.replace(/[^A-Za-z0-9.-]+/g, '_')),
      dump(row.command, wanted, out),
    );
  if (!equal(wanted, out)) expect.fail(dump(row.command, wanted, out));
  // A row where kubectl printed nothing at all would compare equal vacuously.
  if (!row.silent) expect(want.stdout.length + want.stderr.length).toBeGreaterThan(0);
}

describe('runKubectl matches kubectl v1.35 for every verb', () => {
  let dir = '';
  let builtIn: Cluster | undefined;

  beforeAll(async () => {
    if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL} (set KUBECTL)`);
    dir = mkdtempSync(join(tmpdir(), 'kubectl-parity-verbs-'));
    // The credential corpus is measured through the whole gateway (npm run redaction-report).
    builtIn = await startCluster(dir, 'builtin', defaultCluster({ credentialCorpus: false }));
  });

  afterAll(async () => {
    await builtIn?.sim.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it.concurrent.each(ROWS.map((r) => [r.command, r] as const))('%s', async (_name, row) => {
    await check(builtIn as Cluster, row);
  });
});
