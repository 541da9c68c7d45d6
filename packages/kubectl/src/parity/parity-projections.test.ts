// Parity for get's projections end to end: a command string through the policy and the renderer against the real kubectl v1.35, byte for byte.
//
// Each row is what a user sends (`get pods -o 'jsonpath={…}'`). The real kubectl gets the words
// the policy's tokenizer splits it into (the words a shell would give it); Porthole gets the
// policy's typed request for the same string, rendered over the redacting client and scrubbed as
// the agent scrubs it. stdout, stderr and exit code must be identical, once kubectl's output has
// the cluster's planted credentials replaced as Porthole prints them. The printers' own matrix
// (printers/jsonpath/parity.test.ts) covers the template language; these rows cover what `get`
// adds: the List wrapper or the single object, several kinds, -A, selectors, --sort-by,
// --no-headers, --allow-missing-template-keys, --ignore-not-found and errors in every order.
// Set PARITY_DUMP_DIR to keep both outputs of every row.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCluster } from '@porthole/kube-sim';
import { tokenize } from '@porthole/policy';
import type { CommandOutput } from '../types.js';
import { asRedacted } from './testing/parity-redaction.js';
import type { ParityCluster } from './testing/parity-cluster.js';
import {
  KUBECTL,
  agentRender,
  allowed,
  realKubectl,
  startParityCluster,
} from './testing/parity-cluster.js';

const NOW = new Date('2025-06-01T12:00:00Z');

/** A pod of the built-in cluster, for rows that name one. */
const WEB =
  defaultCluster().pods?.find((p) => p.metadata.name.startsWith('web-'))?.metadata.name ??
  'web-pod-missing';

const ROWS: string[] = [
  // jsonpath over kubectl's List wrapper
  "get pods -n default -o 'jsonpath={.items[*].metadata.name}'",
  'get pods -A -o \'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}\'',
  'get pods -A -o \'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}\' --sort-by=.metadata.name',
  "get pods -n default -o 'jsonpath={.items[*].status.containerStatuses[*].restartCount}' --sort-by='{.status.containerStatuses[0].restartCount}'",
  "get pods -A -o 'jsonpath={.items[0].metadata.name}' --sort-by=.metadata.creationTimestamp",
  'get pods -n default -o \'jsonpath={.items[?(@.status.phase=="Running")].metadata.name}\'',
  "get pods -A -l app=web -o 'jsonpath={.items[*].metadata.name}'",
  "get nodes -o 'jsonpath={.items[*].metadata.name}'",
  'get nodes -o \'jsonpath={range .items[*]}{.metadata.name} {.status.capacity.cpu}{"\\n"}{end}\' --sort-by=.metadata.name',
  'get pods,services -n default -o \'jsonpath={range .items[*]}{.kind}/{.metadata.name}{"\\n"}{end}\'',
  'get events -n default -o \'jsonpath={range .items[*]}{.reason}{"\\n"}{end}\' --sort-by=.metadata.name',
  "get pods -n kube-public -o 'jsonpath={.items}'",
  // one named object
  `get pod ${WEB} -n default -o 'jsonpath={.spec.nodeName}'`,
  `get pod ${WEB} -n default -o 'jsonpath={.metadata.labels}'`,
  `get pod/${WEB} -n default -ojsonpath='{.status.podIP} {.spec.containers[0].image}'`,
  "get deploy web -n default --output='jsonpath={.spec.replicas}/{.status.readyReplicas}'",
  // missing keys
  `get pod ${WEB} -n default -o 'jsonpath={.metadata.nope}'`,
  `get pod ${WEB} -n default -o 'jsonpath={.metadata.nope}' --allow-missing-template-keys=false`,
  "get pods -n default -o 'jsonpath={.items[*].spec.nodeName}' --allow-missing-template-keys=false",
  // jsonpath-as-json
  "get pods -n default -o 'jsonpath-as-json={.items[*].metadata.name}'",
  `get pod ${WEB} -n default -o 'jsonpath-as-json={.spec.containers[*].image}'`,
  "get nodes -o 'jsonpath-as-json={range .items[*]}{.metadata.name}{end}' --sort-by=.metadata.name",
  "get pods -n default -o 'jsonpath-as-json={.items[*].metadata.nope}' --allow-missing-template-keys=false",
  // custom-columns
  'get pods -n default -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase',
  'get pods -A -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name --sort-by=.metadata.name',
  'get pods -A -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name --no-headers',
  `get pod ${WEB} -n default -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image'`,
  'get nodes -o \'custom-columns=NAME:.metadata.name,CPU:.status.capacity.cpu,READY:.status.conditions[?(@.type=="Ready")].status\'',
  'get deploy -A -o custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas --sort-by=.spec.replicas',
  'get pods,deploy -n default -o custom-columns=KIND:.kind,NAME:.metadata.name',
  'get pods -n default -o custom-columns=N:.metadata.name,M:.metadata.nope --allow-missing-template-keys=false',
  'get pods -n kube-public -o custom-columns=N:.metadata.name',
  // errors: parse, execution, spec, sort, not found, in kubectl's order
  "get pods -n default -o 'jsonpath={.items[*].metadata.name'",
  "get pods -n default -o 'jsonpath={.items[9]}'",
  "get pods -n default -o 'jsonpath={.items[*].metadata.name}' --sort-by=.spec.nope",
  'get pods -n default -o custom-columns=NAME',
  "get pods -n default -o 'custom-columns=N:.metadata.name,X:.metadata.nope['",
  "get pod missing -n default -o 'jsonpath={.bad'",
  "get pods missing1 missing2 -n default -o 'jsonpath={.bad'",
  "get pods missing1 missing2 -n default -o 'jsonpath={.items}'",
  `get pods ${WEB} missing -n default -o 'custom-columns=N:.metadata.name,X:.metadata.nope['`,
  "get pods missing1 missing2 -n default --ignore-not-found -o 'jsonpath={.items}'",
  // the cluster's planted credentials: kubectl prints them, Porthole prints them redacted
  "get pods -n legacy -o 'jsonpath={..env}'",
  'get pods -n legacy -o \'jsonpath={range .items[*].spec.containers[*].env[*]}{.name}={.value}{"\\n"}{end}\'',
  "get pods -n legacy -o 'custom-columns=NAME:.metadata.name,ENV:.spec.containers[*].env[*].value'",
];

/** kubectl prints nothing at all for these; only they may compare equal vacuously. */
const SILENT = new Set([
  `get pod ${WEB} -n default -o 'jsonpath={.metadata.nope}'`,
  "get pods missing1 missing2 -n default --ignore-not-found -o 'jsonpath={.items}'",
]);

function describeDiff(command: string, want: CommandOutput, got: CommandOutput): string {
  const show = (o: CommandOutput): string =>
    `(exit ${o.exitCode})\n${o.stdout}\n[stderr]\n${o.stderr}`;
  return `${command}\n--- kubectl ${show(want)}\n--- porthole ${show(got)}`;
}

describe('get -o jsonpath / jsonpath-as-json / custom-columns: policy + renderer match kubectl v1.35', () => {
  let dir = '';
  let cluster: ParityCluster | undefined;

  beforeAll(async () => {
    if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL} (set KUBECTL)`);
    dir = mkdtempSync(join(tmpdir(), 'projection-parity-'));
    cluster = await startParityCluster(
      dir,
      'builtin',
      NOW,
      defaultCluster({ credentialCorpus: false }),
    );
  });

  afterAll(async () => {
    await cluster?.sim.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('has at least 30 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
  });

  it.concurrent.each(ROWS)('%s', async (command) => {
    const c = cluster as ParityCluster;
    const words = tokenize(command);
    if (!words.ok) throw new Error(`${command}: ${words.message}`);
    const [kubectl, got] = await Promise.all([
      realKubectl(c, words.argv),
      agentRender(c, allowed(c, command)),
    ]);
    const want = {
      ...kubectl,
      stdout: asRedacted(kubectl.stdout),
      stderr: asRedacted(kubectl.stderr),
    };
    const dump = process.env['PARITY_DUMP_DIR'];
    if (dump)
      writeFileSync(
        join(dump, `projection-${command.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 120)}`),
        describeDiff(command, want, got),
      );
    if (want.stdout !== got.stdout || want.stderr !== got.stderr || want.exitCode !== got.exitCode)
      expect.fail(describeDiff(command, want, got));
    if (SILENT.has(command)) expect(want.stdout + want.stderr).toBe('');
    else expect(want.stdout.length + want.stderr.length).toBeGreaterThan(0);
  });
});
