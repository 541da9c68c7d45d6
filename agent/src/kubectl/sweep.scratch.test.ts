// Parity matrix for every verb but get: runKubectl and the real kubectl v1.35 read the same kube-sim, outputs must match.
//
// Each row runs the real binary (TZ=UTC, its own cache dir) and runKubectl against the same
// simulated cluster and compares stdout, stderr and exit code byte for byte. describe and
// events compute ages with the client's clock, so the agent's clock is pinned to a moment
// within the real run: the row passes if some whole second between the start and the end of
// kubectl's run gives identical output. Rows where identity is impossible say why and assert
// the exact difference instead. Set PARITY_DUMP_DIR to keep both outputs of every row.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '@porthole/policy';
import { defaultCluster, startKubeSim } from '@porthole/kube-sim';
import type { ClusterFixture, KubeSim } from '@porthole/kube-sim';
import { KubeTransportError } from './errors.js';
import { runKubectl } from './run.js';
import type { CommandOutput, KubeGet } from './types.js';

const KUBECTL =
  process.env['KUBECTL'] ?? new URL('../../../.tools/kubectl/kubectl', import.meta.url).pathname;
/** kube-sim's clock (server-side AGE cells, fixture times); clients use the real clock. */
const SIM_NOW = new Date('2025-06-01T12:00:00Z');

interface Cluster {
  sim: KubeSim;
  kubeconfig: string;
  cacheDir: string;
  kube: KubeGet;
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
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(new KubeTransportError(err.message, err.code === 'ECONNREFUSED' ? url.host : undefined)),
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

async function startCluster(dir: string, name: string, fixtures?: ClusterFixture): Promise<Cluster> {
  const sim = await startKubeSim({ port: 0, now: () => SIM_NOW, ...(fixtures ? { fixtures } : {}) });
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  sim.writeKubeconfig(kubeconfig);
  return { sim, kubeconfig, cacheDir: join(dir, `${name}-cache`), kube: httpsKube(sim) };
}

/** One row of the matrix. */
interface Row {
  /** kubectl's arguments, space-separated. */
  command: string;
  /**
   * The agent's argv. By default the policy's canonical argv for the command (what the agent
   * really receives), or kubectl's own words when the policy refuses them (error paths).
   */
  argv?: string[];
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


const ROWS: Row[] = [];
function dump(command: string, want: CommandOutput, got: CommandOutput): string {
  return `kubectl ${command}\n--- kubectl (exit ${want.exitCode})\n${want.stdout}\n[stderr]\n${want.stderr}\n--- runKubectl (exit ${got.exitCode})\n${got.stdout}\n[stderr]\n${got.stderr}`;
}

const equal = (a: CommandOutput, b: CommandOutput): boolean =>
  a.stdout === b.stdout && a.stderr === b.stderr && a.exitCode === b.exitCode;

/** The argv the agent runs for a row: the policy's canonical form when it allows the command. */
function agentArgv(row: Row, args: string[]): string[] {
  if (row.argv) return row.argv;
  const decision = evaluate(args);
  return decision.allowed ? decision.argv : args;
}

async function check(c: Cluster, row: Row): Promise<void> {
  const args = row.command.split(' ');
  const argv = agentArgv(row, args);
  const want = await realKubectl(c, args);
  const norm = row.normalize ?? same;
  const wanted: CommandOutput = norm({ stdout: want.stdout, stderr: want.stderr, exitCode: want.exitCode });
  // Candidate clocks: every whole second kubectl may have read while it ran.
  const candidates = [want.start];
  for (let t = Math.ceil(want.start / 1000) * 1000; t <= want.end; t += 1000) candidates.push(t);
  candidates.push(want.end);
  let got: CommandOutput | null = null;
  for (const now of candidates) {
    got = norm(
      await runKubectl(argv, c.kube, { defaultNamespace: 'default', now: () => now, serverUrl: c.sim.url }),
    );
    if (equal(wanted, got)) break;
  }
  const out = got as CommandOutput;
  const dir = process.env['PARITY_DUMP_DIR'];
  if (dir) writeFileSync(join(dir, row.command.replace(/[^A-Za-z0-9.-]+/g, '_')), dump(row.command, wanted, out));
  if (!equal(wanted, out)) expect.fail(dump(row.command, wanted, out));
  // A row where kubectl printed nothing at all would compare equal vacuously.
  if (!row.silent) expect(want.stdout.length + want.stderr.length).toBeGreaterThan(0);
}


describe('sweep', () => {
  it('sweeps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const c = await startCluster(dir, 'sweep', defaultCluster());
    const K = async (args: string[]): Promise<string> => (await realKubectl(c, args)).stdout;
    const kinds = (process.env['SWEEP_KINDS'] ?? 'pods,deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs,services,endpoints,configmaps,serviceaccounts,persistentvolumeclaims,ingresses,horizontalpodautoscalers,networkpolicies,roles,rolebindings,endpointslices,widgets,limitranges,resourcequotas').split(',');
    const rows: Row[] = [];
    for (const k of kinds) {
      const lines = (await K(['get', k, '-A', '--no-headers', '-o', 'custom-columns=NS:.metadata.namespace,N:.metadata.name'])).trim().split('\n').filter((l) => l !== '');
      for (const l of lines) {
        const [ns, n] = l.split(/\s+/);
        rows.push({ command: `describe ${k} ${n} -n ${ns}` });
      }
    }
    for (const k of (process.env['SWEEP_CLUSTER'] ?? 'nodes,namespaces,persistentvolumes,storageclasses,clusterroles,clusterrolebindings,customresourcedefinitions').split(',')) {
      const lines = (await K(['get', k, '--no-headers', '-o', 'custom-columns=N:.metadata.name'])).trim().split('\n').filter((l) => l !== '');
      for (const n of lines) rows.push({ command: `describe ${k} ${n}` });
    }
    const pods = (await K(['get', 'pods', '-A', '--no-headers', '-o', 'custom-columns=NS:.metadata.namespace,N:.metadata.name'])).trim().split('\n');
    for (const l of pods) {
      const [ns, n] = l.split(/\s+/);
      rows.push({ command: `logs ${n} -n ${ns} --all-containers`, normalize: sortLines });
      rows.push({ command: `logs ${n} -n ${ns} -p` });
    }
    const nss = (await K(['get', 'ns', '--no-headers', '-o', 'custom-columns=N:.metadata.name'])).trim().split('\n');
    for (const ns of nss) { rows.push({ command: `events -n ${ns}` }); rows.push({ command: `events -n ${ns} -o json` }); rows.push({ command: `top pod -n ${ns} --containers` }); }
    rows.push({ command: 'top node' }, { command: 'top pod -A --sum' }, { command: 'events -A -o yaml' });
    const filter = process.env['SWEEP_FILTER'];
    const failures: string[] = [];
    const limit = Number(process.env['SWEEP_PAR'] ?? '4');
    const todo = rows.filter((r) => !filter || r.command.includes(filter));
    let i = 0;
    await Promise.all(Array.from({ length: limit }, async () => {
      while (i < todo.length) {
        const r = todo[i++] as Row;
        try { await check(c, r); } catch (e) { failures.push(r.command); }
      }
    }));
    console.log(`SWEEP ${todo.length} rows, ${failures.length} failed:\n` + failures.join('\n'));
    await c.sim.close();
  }, 600_000);
});
