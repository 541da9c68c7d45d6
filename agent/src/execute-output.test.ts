// What leaves the agent for projections and pipe stages: stages on the redacted stdout before the cap, the pipeline's exit code, errors capped.
import { describe, expect, it } from 'vitest';
import { REDACTED } from '@porthole/redact';
import type { KubeGet } from './kube/transport.js';
import { MAX_ERROR_BYTES } from './output/cap.js';
import { CORE_V1_DISCOVERY, signedEnvelope, testExecutor } from './testing/executor.js';

const PASSWORD = 'Tr0ub4dor&3-horse-battery';

function pod(i: number): Record<string, unknown> {
  const name = `pod-${String(i).padStart(4, '0')}`;
  return {
    metadata: { name, namespace: 'default', creationTimestamp: '2025-05-01T00:00:00Z' },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'shop/app:1',
          env: [{ name: 'DB_PASSWORD', value: PASSWORD }],
        },
      ],
    },
    status: { phase: i % 50 === 7 ? 'CrashLoopBackOff' : 'Running' },
  };
}

const list = (items: unknown[]): string =>
  JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items });

const kube: KubeGet = (path) => {
  const bare = path.split('?')[0] ?? '';
  if (bare === '/api/v1/namespaces/default/pods')
    return Promise.resolve({
      status: 200,
      body: list(Array.from({ length: 200 }, (_, i) => pod(i))),
    });
  if (bare === '/api/v1/namespaces/empty/pods')
    return Promise.resolve({ status: 200, body: list([]) });
  if (bare === '/api/v1/namespaces/default/pods/missing')
    return Promise.resolve({
      status: 404,
      body: JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "missing" not found',
        reason: 'NotFound',
        details: { name: 'missing', kind: 'pods' },
        code: 404,
      }),
    });
  const answer = CORE_V1_DISCOVERY[bare];
  return Promise.resolve(
    answer ? { status: 200, body: JSON.stringify(answer) } : { status: 404, body: '' },
  );
};

async function run(argv: string[], maxOutputBytes = 64 * 1024) {
  const a = testExecutor(undefined, kube);
  const result = await a.execute(
    await signedEnvelope(argv, { claims: { max_output_bytes: maxOutputBytes } }),
  );
  if (result === null) throw new Error('the agent posted nothing');
  return { result, calls: a.calls };
}

const NAMES = ['get', 'pods', '-n', 'default', '-o', 'name'];

describe('pipe stages at the agent', () => {
  it('runs the signed stages on stdout and reports their canonical words', async () => {
    const { result } = await run([...NAMES, '|', 'grep', '0042']);
    expect(result).toMatchObject({
      status: 'succeeded',
      exitCode: 0,
      output: 'pod/pod-0042\n',
      error: null,
      truncated: false,
      command: [...NAMES, '|', 'grep', '0042'],
    });
  });

  it.each<[string[], string]>([
    [['grep', '-c', 'pod/'], '100\n'],
    [['head', '-n', '3'], 'pod/pod-0000\npod/pod-0001\npod/pod-0002\n'],
    [['tail', '-2'], 'pod/pod-0098\npod/pod-0099\n'],
    [['grep', '-v', '00[0-9][0-9]$'], ''],
  ])('%j', async (stage, output) => {
    const { result } = await run([...NAMES, '|', 'grep', 'pod-00', '|', ...stage]);
    expect(result.output).toBe(output);
  });

  it('chains up to four stages', async () => {
    const { result } = await run([
      ...NAMES,
      '|',
      'grep',
      '-v',
      '5$',
      '|',
      'grep',
      '-E',
      '1[0-9]{2}',
      '|',
      'tail',
      '-n',
      '+3',
      '|',
      'wc',
      '-l',
    ]);
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, output: '88\n' });
  });

  it('reports exit code 1, still succeeded, when the last stage is a grep that selected nothing', async () => {
    const { result } = await run([...NAMES, '|', 'grep', 'no-such-pod']);
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 1, output: '', error: null });
  });

  it('reports the last stage only, as a shell does: nothing selected, then counted, is exit 0', async () => {
    const { result } = await run([...NAMES, '|', 'grep', 'no-such-pod', '|', 'wc', '-l']);
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0, output: '0\n' });
  });

  it("leaves kubectl's stderr out of the stages and after their output", async () => {
    const { result } = await run(['get', 'pods', '-n', 'empty', '|', 'grep', 'x']);
    expect(result).toMatchObject({
      status: 'succeeded',
      exitCode: 1,
      output: 'No resources found in empty namespace.\n',
    });
    const counted = await run(['get', 'pods', '-n', 'empty', '|', 'wc', '-l']);
    expect(counted.result.output).toBe('0\nNo resources found in empty namespace.\n');
  });

  it("keeps kubectl's failure (status, exit code, error) and still pipes its stdout", async () => {
    const { result } = await run(['get', 'pods', 'missing', '-n', 'default', '|', 'grep', 'x']);
    expect(result).toMatchObject({
      status: 'failed',
      exitCode: 1,
      output: '',
      error: 'Error from server (NotFound): pods "missing" not found',
    });
  });

  it('applies the stages before the output cap: a count is of every line, a filter is cut after', async () => {
    const counted = await run([...NAMES, '|', 'wc', '-l'], 300);
    expect(counted.result).toMatchObject({ output: '200\n', truncated: false, outputBytes: 4 });
    const filtered = await run([...NAMES, '|', 'grep', '1'], 300);
    expect(filtered.result.truncated).toBe(true);
    expect(Buffer.byteLength(filtered.result.output)).toBeLessThanOrEqual(300);
    expect(filtered.result.outputBytes).toBeGreaterThan(300);
    expect(filtered.result.output).not.toMatch(/^pod\/pod-0000$/m);
  });

  it('greps the redacted text: a credential never reaches a stage', async () => {
    const { result } = await run([
      'get',
      'pods',
      '-n',
      'default',
      '-o',
      'yaml',
      '|',
      'grep',
      '-A1',
      'DB_PASSWORD',
      '|',
      'head',
      '-n',
      '2',
    ]);
    expect(result.output).toBe(`      - name: DB_PASSWORD\n        value: '${REDACTED}'\n`);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(result.redactions).toBeGreaterThan(0);
    const found = await run([...NAMES.slice(0, 4), '-o', 'yaml', '|', 'grep', '-c', 'horse']);
    expect(found.result).toMatchObject({ output: '0\n', exitCode: 1 });
  });

  it('fails a pattern the engine cannot run with exit code 2 before reading the cluster', async () => {
    const { result, calls } = await run([...NAMES, '|', 'grep', '[a']);
    expect(result).toMatchObject({
      status: 'failed',
      exitCode: 2,
      output: '',
      error: 'grep: Unmatched [, [^, [:, [., or [=',
      command: [...NAMES, '|', 'grep', '[a'],
    });
    expect(calls).toEqual([]);
  });

  it('refuses a stage its own policy refuses, as any other command', async () => {
    const { result, calls } = await run([...NAMES, '|', 'sh', '-c', 'id']);
    expect(result).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(result.error).toMatch(
      /^refused by the agent's policy: 'sh' is not an allowed pipe command/,
    );
    expect(calls).toEqual([]);
  });
});

describe('projections at the agent', () => {
  it('prints a jsonpath template over the redacted objects', async () => {
    const { result } = await run([
      'get',
      'pods',
      '-n',
      'default',
      '-o',
      'jsonpath={.items[7].metadata.name} {.items[7].status.phase} {..env[0].value}',
    ]);
    expect(result.status).toBe('succeeded');
    expect(result.output.startsWith(`pod-0007 CrashLoopBackOff ${REDACTED} ${REDACTED}`)).toBe(
      true,
    );
    expect(result.output).not.toContain(PASSWORD);
  });

  it("caps kubectl's error when a template fails and dumps the whole object", async () => {
    const { result } = await run(['get', 'pods', '-n', 'default', '-o', 'jsonpath={.items[500]}']);
    expect(result).toMatchObject({ status: 'failed', exitCode: 1, output: '' });
    const error = result.error ?? '';
    expect(error).toMatch(
      /^error: error executing jsonpath "\{\.items\[500\]\}": Error executing template: array index out of bounds: index 500, length 200\./,
    );
    expect(Buffer.byteLength(error)).toBeLessThanOrEqual(MAX_ERROR_BYTES);
    expect(error).toMatch(/\n… \(truncated: \d+ bytes of error text\)$/);
    expect(error).not.toContain(PASSWORD);
  });
});
