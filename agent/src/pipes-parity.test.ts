// Pipe stages end to end: `kubectl … | grep …` in a real shell (the real kubectl v1.35 and GNU grep, head, tail, wc) against what the agent posts, byte for byte.
//
// Each row is a command string as a client sends it. The shell runs it after the real kubectl's
// path (in this test only: the agent never starts a shell); the agent runs the canonical argv the
// policy decides for it, signed as the API signs it, over its own transport to the same kube-sim,
// and posts a Result. A succeeded Result's output must be the shell's stdout then stderr (the
// terminal's view) and its exit code the pipeline's; a failed one (kubectl failed) must carry
// kubectl's error. Rows avoid the cluster's planted credentials (the agent redacts them) and
// client-side clocks (describe and events ages). Set KUBECTL to use another binary.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCluster, startKubeSim, type KubeSim } from '@porthole/kube-sim';
import { evaluate } from '@porthole/policy';
import type { AgentResultPost } from '@porthole/protocol';
import { loadKubeConfigFile } from './kube/load.js';
import { createKubeTransport } from './kube/transport.js';
import { signedEnvelope, testExecutor } from './testing/executor.js';

const KUBECTL =
  process.env['KUBECTL'] ?? new URL('../../.tools/kubectl/kubectl', import.meta.url).pathname;

/** A pod of the built-in cluster, for rows that name one. */
const WEB =
  defaultCluster().pods?.find((p) => p.metadata.name.startsWith('web-'))?.metadata.name ??
  'web-pod-missing';

const ROWS: string[] = [
  'get pods -A | grep -i crash',
  'get pods -A | grep -v Running',
  'get pods -A | grep -c Running',
  'get pods -A | grep -i crash | wc -l',
  'get pods -A --no-headers | head -n 5',
  'get pods -A | tail -n 3',
  'get pods -A | tail -n +2 | head -n 4',
  'get pods -A | grep -n kube-system',
  "get pods -A | grep -E 'Pending|Error|BackOff'",
  'get pods -A | grep -w web',
  'get pods -A | grep -A1 -B1 Pending',
  'get pods -A | grep -C 2 -i -e oom -e init',
  'get pods -A | grep -v -e Running -e Completed | tail -n +2 | wc -l',
  'get pods -A | grep nothing-matches-this',
  'get pods -A | grep nothing-matches-this | wc -l',
  'get pods -A -o wide | grep -F 10.244.',
  'get deploy -A -o wide | grep -v kube-system',
  'get pods -n default -o name | grep web',
  "get pods -n default -o yaml | grep -c 'image:'",
  `get pods -n default -o 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}' | grep -v web`,
  'get pods -A -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name | grep ^kube-system | head -n 2',
  `get pod ${WEB} -n default -o json | grep '"image"'`,
  'get nodes | grep -c Ready',
  'get svc -A | grep -F "<none>" | head -n 3',
  'get pods -n nope | grep x',
  'get pods -n nope | wc -l',
  'get pod missing -n default | grep x',
];

/** The shell prints nothing at all for these; only they may compare equal vacuously. */
const SILENT = new Set(['get pods -A | grep nothing-matches-this']);

interface Shell {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const shellWord = (w: string): string => `'${w.replaceAll("'", `'\\''`)}'`;

describe('pipe stages: the agent posts what `sh -c "kubectl … | grep …"` prints', () => {
  let sim: KubeSim;
  let dir = '';
  let kubectl = '';
  let kube: ReturnType<typeof createKubeTransport>['get'];

  beforeAll(async () => {
    if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL} (set KUBECTL)`);
    sim = await startKubeSim({
      port: 0,
      now: () => new Date('2025-06-01T12:00:00Z'),
      fixtures: defaultCluster({ credentialCorpus: false }),
    });
    dir = mkdtempSync(join(tmpdir(), 'pipes-parity-'));
    const kubeconfig = join(dir, 'kubeconfig');
    sim.writeKubeconfig(kubeconfig);
    kube = createKubeTransport(loadKubeConfigFile(kubeconfig)).get;
    kubectl = [KUBECTL, '--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')]
      .map(shellWord)
      .join(' ');
  });

  afterAll(async () => {
    await sim?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const shell = (command: string): Promise<Shell> =>
    new Promise((resolve) => {
      execFile(
        '/bin/sh',
        ['-c', `${kubectl} ${command}`],
        {
          env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, LC_ALL: 'C.UTF-8' },
          maxBuffer: 16 * 1024 * 1024,
          timeout: 30_000,
        },
        (err, stdout, stderr) => {
          const code = err === null ? 0 : (err as NodeJS.ErrnoException).code;
          resolve({ stdout, stderr, exitCode: typeof code === 'number' ? code : -1 });
        },
      );
    });

  const agent = async (command: string): Promise<AgentResultPost> => {
    // As the API does: the policy's canonical argv for the string, signed.
    const decision = evaluate(command);
    if (!decision.allowed) throw new Error(`the policy refuses ${command}: ${decision.message}`);
    const result = await testExecutor(undefined, kube).execute(
      await signedEnvelope(decision.argv, { claims: { max_output_bytes: 1024 * 1024 } }),
    );
    if (result === null) throw new Error('the agent posted nothing');
    return result;
  };

  it('has at least 15 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(15);
  });

  it.concurrent.each(ROWS)('%s', async (command) => {
    const [want, got] = await Promise.all([shell(command), agent(command)]);
    const diff = `${command}\n--- sh (exit ${want.exitCode})\n${want.stdout}[stderr]\n${want.stderr}\n--- agent\n${JSON.stringify(got, null, 1)}`;
    if (got.status === 'succeeded') {
      if (got.output !== want.stdout + want.stderr || got.exitCode !== want.exitCode)
        expect.fail(diff);
    } else {
      // kubectl failed: its error, as the agent reports a failure, and the stages' output.
      expect(got.exitCode, diff).toBe(1);
      expect(got.error, diff).toBe(want.stderr.trimEnd());
      expect(got.output, diff).toBe(want.stdout);
    }
    expect(got.truncated).toBe(false);
    expect((want.stdout + want.stderr).length > 0, diff).toBe(!SILENT.has(command));
  });

  it('differs from the shell in one documented way: a failed kubectl stays failed whatever the last stage says', async () => {
    const command = 'get pod missing -n default | wc -l';
    const [want, got] = await Promise.all([shell(command), agent(command)]);
    expect(want).toMatchObject({ stdout: '0\n', exitCode: 0 });
    expect(got).toMatchObject({ status: 'failed', exitCode: 1, output: '0\n' });
    expect(got.error).toBe(want.stderr.trimEnd());
  });
});
