// The twenty classic failure modes, asked the way an SRE would (get, describe, events, logs)
// through the whole gateway: the deciding evidence must be in the answer, and no credential of
// the leaky namespace may come back in any verb or output format.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKED, SCENARIOS } from '@porthole/kube-sim';
import { startStack, type Stack } from './harness/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    clusters: ['alpha'],
    apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '100000' },
  });
  await stack.startAgent('alpha', { PORTHOLE_CONCURRENCY: '8' });
});
afterAll(() => stack?.close());

const ask = async (argv: string[]) => {
  const res = await stack.call('POST', '/v1/clusters/alpha/exec', { command: argv });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as { status: string; output: string; error: string | null; redactions: number };
};

describe('each failure scenario shows its deciding evidence through the gateway', () => {
  const rows = SCENARIOS.flatMap((s) =>
    s.evidence.map((e) => [s.id, e.argv.join(' '), e.argv, e.contains] as const),
  );

  it('covers the twenty classic failure modes', () => {
    expect(SCENARIOS.filter((s) => s.id !== 'leaked-credentials').length).toBeGreaterThanOrEqual(
      20,
    );
  });

  it.each(rows)('%s: kubectl %s', async (_id, _cmd, argv, contains) => {
    const answer = await ask([...argv]);
    expect(`${answer.output}\n${answer.error ?? ''}`).toContain(contains);
  });
});

describe('no credential leaves the cluster', () => {
  const secrets = Object.values(LEAKED).flatMap((v) =>
    Array.isArray(v) ? v.slice(1, -1) : [v],
  ) as string[];
  const leaky = SCENARIOS.find((s) => s.id === 'leaked-credentials')!;
  const ns = leaky.namespaces[0]!;
  const pod = leaky.objects.find((o) => o.startsWith('pod/'))!.slice(4);
  const commands = [
    ['get', 'pods', '-n', ns, '-o', 'yaml'],
    ['get', 'pods', '-n', ns, '-o', 'json'],
    ['get', 'deploy', '-n', ns, '-o', 'yaml'],
    ['get', 'configmaps', '-n', ns, '-o', 'yaml'],
    ['describe', 'pod', pod, '-n', ns],
    ['describe', 'configmaps', '-n', ns],
    ['describe', 'deploy', '-n', ns],
    ['logs', pod, '-n', ns],
    ['logs', pod, '-n', ns, '--timestamps'],
    ['get', 'events', '-n', ns, '-o', 'json'],
  ];

  it.each(commands)('%s %s %s %s %s %s', async (...argv) => {
    const answer = await ask(argv);
    for (const secret of secrets)
      expect(`${answer.output}${answer.error ?? ''}`).not.toContain(secret);
  });

  it('counts what it removed', async () => {
    const answer = await ask(['logs', pod, '-n', ns]);
    expect(answer.redactions).toBeGreaterThan(0);
    const metrics = await stack.replica.metrics();
    expect(metrics).toMatch(/porthole_redactions_total\{cluster="alpha",kind="[a-z_]+"\} [1-9]/);
  });
});
