// For the parity suites: a kube-sim with its kubeconfig, the real kubectl (alone or in a shell pipeline) against it, and the agent's side of a row.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startKubeSim } from '@porthole/kube-sim';
import type { ClusterFixture, KubeSim } from '@porthole/kube-sim';
import type { AllowedDecision, ApiResource } from '@porthole/policy';
import { evaluate } from '@porthole/policy';
import type { RedactedKubeGet } from '../../resource/redacting.js';
import { RedactionTally, redactingKube } from '../../resource/redacting.js';
import { runKubectl } from '../../run.js';
import { clusterResources } from '../../testing/discovery.js';
import { simKube } from '../../testing/sim-kube.js';
import type { CommandOutput } from '../../types.js';
import { asAgent } from './parity-redaction.js';

export const KUBECTL =
  process.env['KUBECTL'] ??
  new URL('../../../../../.tools/kubectl/kubectl', import.meta.url).pathname;

export interface ParityCluster {
  sim: KubeSim;
  kubeconfig: string;
  cacheDir: string;
  /** The agent's view: every answer redacted before a verb reads it. */
  kube: RedactedKubeGet;
  /** The cluster's resources, as the agent passes them to the policy. */
  discovery: ApiResource[];
}

/** A kube-sim on a free port at a fixed time, with a kubeconfig for it in `dir`. */
export async function startParityCluster(
  dir: string,
  name: string,
  now: Date,
  fixtures?: ClusterFixture,
): Promise<ParityCluster> {
  const sim = await startKubeSim({ port: 0, now: () => now, ...(fixtures ? { fixtures } : {}) });
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  sim.writeKubeconfig(kubeconfig);
  return {
    sim,
    kubeconfig,
    cacheDir: join(dir, `${name}-cache`),
    kube: redactingKube(simKube(sim), new RedactionTally()),
    discovery: await clusterResources(simKube(sim)),
  };
}

/** GNU's tools read text the way the pipe engine models them: UTF-8, C collation. */
function environment(c: ParityCluster): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: c.cacheDir,
    TZ: 'UTC',
    LC_ALL: 'C.UTF-8',
  };
}

function settle(
  resolve: (o: CommandOutput) => void,
): (err: Error | null, stdout: string, stderr: string) => void {
  return (err, stdout, stderr) => {
    const code = err === null ? 0 : (err as NodeJS.ErrnoException).code;
    resolve({ stdout, stderr, exitCode: typeof code === 'number' ? code : -1 });
  };
}

/** The real kubectl with these words. */
export function realKubectl(c: ParityCluster, args: readonly string[]): Promise<CommandOutput> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', c.kubeconfig, '--cache-dir', c.cacheDir, ...args],
      { env: environment(c), maxBuffer: 64 * 1024 * 1024, timeout: 30_000 },
      settle(resolve),
    );
  });
}

const shellWord = (w: string): string => `'${w.replaceAll("'", `'\\''`)}'`;

/**
 * `kubectl COMMAND` run by /bin/sh, so a command's pipe stages run as the real GNU tools in a
 * real pipeline (tests only: the agent never starts a shell). The exit code is the pipeline's:
 * the last stage's, as POSIX sh reports it.
 */
export function realPipeline(c: ParityCluster, command: string): Promise<CommandOutput> {
  const kubectl = [KUBECTL, '--kubeconfig', c.kubeconfig, '--cache-dir', c.cacheDir]
    .map(shellWord)
    .join(' ');
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', `${kubectl} ${command}`],
      { env: environment(c), maxBuffer: 64 * 1024 * 1024, timeout: 30_000 },
      settle(resolve),
    );
  });
}

/** The policy's decision on a command, against the cluster's discovery; throws when it is refused. */
export function allowed(c: ParityCluster, command: string | readonly string[]): AllowedDecision {
  const d = evaluate(command, { discovery: c.discovery });
  if (!d.allowed) throw new Error(`the policy refuses ${JSON.stringify(command)}: ${d.message}`);
  return d;
}

/** What the agent renders for an allowed decision, scrubbed once more as it is before it leaves. */
export async function agentRender(c: ParityCluster, d: AllowedDecision): Promise<CommandOutput> {
  return asAgent(await runKubectl(d.request, c.kube, { defaultNamespace: 'default' }));
}
