// get's projections read the redacted object: no template can pull back a value redaction replaced, and errors are kubectl's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeSim } from '@porthole/kube-sim';
import type { KubeObject, KubeSim } from '@porthole/kube-sim';
import { parsePolicy } from '@porthole/policy';
import { REDACTED, REDACTED_BASE64 } from '@porthole/redact';
import { RedactionTally, redactingKube } from '../resource/redacting.js';
import { runKubectl } from '../run.js';
import { requestOf } from '../testing/request.js';
import { simKube } from '../testing/sim-kube.js';
import type { CommandOutput } from '../types.js';

const PASSWORD = 'Tr0ub4dor&3-horse-battery';
const TOKEN_B64 = Buffer.from('s3cr3t-api-token-value-42').toString('base64');

const objects: Record<string, KubeObject[]> = {
  namespaces: [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
      status: { phase: 'Active' },
    },
  ],
  pods: [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api', namespace: 'shop', creationTimestamp: '2025-05-01T00:00:00Z' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'shop/api:1',
            env: [
              { name: 'DB_HOST', value: 'db.shop.svc' },
              { name: 'DB_PASSWORD', value: PASSWORD },
            ],
          },
        ],
      },
      status: { phase: 'Running' },
    },
  ],
  secrets: [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api-token', namespace: 'shop', creationTimestamp: '2025-05-01T00:00:00Z' },
      type: 'Opaque',
      data: { token: TOKEN_B64 },
    },
  ],
};

const SECRETS_ALLOWED = parsePolicy('secrets: { allow: true }');

let sim: KubeSim;
beforeAll(async () => {
  sim = await startKubeSim({ port: 0, fixtures: objects });
});
afterAll(async () => {
  await sim.close();
});

/** A command as the agent runs it: the policy's request over the redacting client. */
async function agentRun(command: string): Promise<CommandOutput & { redactions: number }> {
  const tally = new RedactionTally();
  const out = await runKubectl(
    requestOf('get', command, { policy: SECRETS_ALLOWED }),
    redactingKube(simKube(sim), tally),
    { defaultNamespace: 'shop' },
  );
  return { ...out, redactions: tally.total };
}

describe('projections over redacted objects', () => {
  it.each([
    ["get pods -o 'jsonpath={..value}'", REDACTED],
    [
      `get pod api -o 'jsonpath={.spec.containers[0].env[?(@.name=="DB_PASSWORD")].value}'`,
      REDACTED,
    ],
    ["get pods -o 'jsonpath-as-json={..env}'", REDACTED],
    ["get pods -o 'custom-columns=NAME:.metadata.name,ENV:..value'", REDACTED],
    // Secret data stays base64: the value is replaced by the encoded marker.
    ["get secrets -o 'jsonpath={..token}'", REDACTED_BASE64],
    ["get secret api-token -o 'jsonpath={.data}'", REDACTED_BASE64],
    ["get secret api-token -o 'custom-columns=TOKEN:.data.token'", REDACTED_BASE64],
  ])('%s prints the redaction marker, never the value', async (command, marker) => {
    const out = await agentRun(command);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain(marker);
    expect(out.stdout).not.toContain(PASSWORD);
    expect(out.stdout).not.toContain(TOKEN_B64);
    expect(out.redactions).toBeGreaterThan(0);
  });

  it('leaves what redaction kept', async () => {
    const out = await agentRun("get pods -o 'jsonpath={..env[*].name} {..env[0].value}'");
    expect(out).toMatchObject({ stdout: 'DB_HOST DB_PASSWORD db.shop.svc', exitCode: 0 });
  });

  it('dumps the redacted object, not the original, when a template fails to execute', async () => {
    const out = await agentRun("get pod api -o 'jsonpath={.spec.containers[3]}'");
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /^error: error executing jsonpath "\{\.spec\.containers\[3\]\}": Error executing template: array index out of bounds: index 3, length 1\. Printing more information for debugging the template:\n/,
    );
    expect(out.stderr).toContain(REDACTED);
    expect(out.stderr).not.toContain(PASSWORD);
    expect(out.stderr.endsWith('\n\n\n')).toBe(true);
  });
});

describe('projection errors, as kubectl words them', () => {
  it('a template that does not parse: nothing printed, exit 1', async () => {
    expect(await agentRun("get pods -o 'jsonpath={.metadata.name'")).toMatchObject({
      stdout: '',
      stderr: 'error: error parsing jsonpath {.metadata.name, unclosed action\n',
      exitCode: 1,
    });
  });

  it('a column spec without a path', async () => {
    const out = await agentRun('get pods -o custom-columns=NAME');
    expect(out).toMatchObject({
      stdout: '',
      stderr: 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n',
      exitCode: 1,
    });
  });

  it('a missing key with --allow-missing-template-keys=false', async () => {
    const out = await agentRun(
      "get pod api -o 'jsonpath={.spec.nodeName}' --allow-missing-template-keys=false",
    );
    expect(out).toMatchObject({
      stdout: '',
      stderr: expect.stringMatching(
        /^error: error executing jsonpath "\{\.spec\.nodeName\}": Error executing template: nodeName is not found\./,
      ),
      exitCode: 1,
    });
  });
});
