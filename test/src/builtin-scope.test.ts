// Namespace scope across real processes: whoever holds an agent token cannot open cluster-scoped
// kinds to a namespace-scoped key by lying about discovery, and a real agent refuses a validly
// signed envelope whose namespaces claim does not cover the command it carries.
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '@porthole/policy';
import { keyId, type CommandEnvelope, type EnvelopeClaims } from '@porthole/protocol';
import { createRedisStore, type Store } from '@porthole/store';
import { startStack, type Stack } from './harness/stack.js';

let stack: Stack;
let store: Store;
let scopedKey: string;

beforeAll(async () => {
  stack = await startStack({ clusters: ['alpha'] });
  store = createRedisStore({ ...stack.redisTarget, keyPrefix: stack.redisPrefix });
  await stack.startAgent('alpha');
  const issued = await stack.call(
    'POST',
    '/v1/admin/api-keys',
    { name: 'team', namespaces: ['default'] },
    stack.adminKey,
  );
  expect(issued.status).toBe(201);
  scopedKey = issued.json.key;
});
afterAll(async () => {
  await store?.close();
  await stack?.close();
});

/** Requests kube-sim received for cluster-scoped kinds (lists or single objects). */
const CLUSTER_SCOPED_PATH =
  /^\/(api\/v1\/(nodes|namespaces|persistentvolumes)|apis\/(rbac\.authorization\.k8s\.io\/v1\/clusterroles|storage\.k8s\.io\/v1\/storageclasses))(\/[^/?]+)?(\?|$)/;
const clusterScopedReads = () =>
  stack.kubeRequests().filter((r) => CLUSTER_SCOPED_PATH.test(r.path)).length;

describe('an agent token that lies about discovery', () => {
  // Every cluster-scoped built-in claimed namespaced: what used to let a scoped key read them.
  const lie = BUILTIN_RESOURCES.map((r) => ({ ...r, namespaced: true }));

  it('is refused with invalid_request and audited', async () => {
    const res = await stack.call(
      'PUT',
      '/v1/agent/discovery',
      { resources: lie },
      stack.agentTokens.alpha,
    );
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect(res.json.error.message).toMatch(/as namespaced; Kubernetes serves it cluster-scoped/);
    const audit = await stack.call(
      'GET',
      '/v1/audit?type=agent_connection_failure&clusterId=alpha',
      undefined,
      stack.adminKey,
    );
    expect(audit.status).toBe(200);
    expect(audit.json.events).toContainEqual(
      expect.objectContaining({
        event_type: 'agent_connection_failure',
        principal: 'alpha',
        cluster_id: 'alpha',
        details: expect.objectContaining({ reason: 'discovery_contradicts_builtin' }),
      }),
    );
  });

  it.each([
    'get nodes -n default -o wide',
    'get no -n default',
    'describe nodes -n default',
    'get namespaces -n default',
    'get ns -n default -o yaml',
    'get pv -n default -o yaml',
    'get persistentvolumes -n default',
    'get clusterroles -n default',
    'get clusterrole.rbac.authorization.k8s.io/admin -n default',
    'get storageclasses -n default',
  ])('leaves the scoped key unable to run %j', async (command) => {
    const before = clusterScopedReads();
    const res = await stack.call('POST', '/v1/clusters/alpha/exec', { command }, scopedKey);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('forbidden');
    expect(res.json.error.message).toMatch(/cannot read cluster-scoped/);
    expect(clusterScopedReads()).toBe(before);
  });

  it('leaves the scoped key its own namespace', async () => {
    const res = await stack.call(
      'POST',
      '/v1/clusters/alpha/exec',
      { command: 'get pods -n default' },
      scopedKey,
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'succeeded',
      command: ['get', 'pods', '-n', 'default'],
    });
  });
});

describe('an agent given a validly signed envelope', () => {
  let serial = 0;

  /** Signed with the API's own key, written straight into the cluster's queue. */
  async function run(argv: string[], namespaces: string[] | null) {
    const key = createPrivateKey(stack.signingKeyPem);
    const now = Date.now();
    const id = `scope-test-${String(++serial).padStart(4, '0')}`;
    const claims: EnvelopeClaims = {
      jti: id,
      cluster: 'alpha',
      argv,
      sub: 'team',
      iat: Math.floor(now / 1000),
      exp: Math.ceil((now + 30_000) / 1000),
      nonce: `${id}-0123456789abcdef`,
      max_output_bytes: 65_536,
      namespaces,
    };
    const header = { alg: 'EdDSA', kid: keyId(createPublicKey(key)), typ: 'porthole-command+jws' };
    const input = [header, claims]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    const signature = `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
    const envelope: CommandEnvelope = {
      id,
      clusterId: 'alpha',
      argv,
      principal: 'team',
      createdAt: now,
      deadline: now + 30_000,
      maxOutputBytes: 65_536,
      signature,
    };
    await store.commands.enqueue(envelope);
    // The agent answers by the command's deadline, or the wait ends there with null.
    const result = await store.commands.waitForResult(id, envelope.deadline - Date.now());
    expect(result).not.toBeNull();
    return result!;
  }

  it('runs it when its namespaces claim covers the argv', async () => {
    const result = await run(['get', 'pods', '-n', 'default'], ['default']);
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(result.output).toMatch(/^NAME +READY +STATUS/);
  });

  it.each<[string[], RegExp]>([
    [['get', 'nodes', '-o', 'wide'], /cannot read cluster-scoped/],
    [['get', 'namespaces'], /cannot read cluster-scoped/],
    [['get', 'persistentvolumes', '-o', 'yaml'], /cannot read cluster-scoped/],
    [['get', 'clusterroles.rbac.authorization.k8s.io'], /cannot read cluster-scoped/],
    [['get', 'pods', '-n', 'kube-system'], /may not read namespace kube-system/],
    [['get', 'pods', '-A'], /cannot use -A/],
  ])('refuses %j signed for namespaces [default]', async (argv, reason) => {
    const before = clusterScopedReads();
    const podReads = stack.kubeRequests().filter((r) => r.path.includes('/pods')).length;
    const result = await run(argv, ['default']);
    expect(result).toMatchObject({ status: 'failed', exitCode: 1, output: '' });
    expect(result.error).toMatch(/^refused by the agent: the signed scope does not cover/);
    expect(result.error).toMatch(reason);
    expect(clusterScopedReads()).toBe(before);
    expect(stack.kubeRequests().filter((r) => r.path.includes('/pods')).length).toBe(podReads);
    // The log line is written before the result is posted, but read from a pipe: wait for it.
    const id = `scope-test-${String(serial).padStart(4, '0')}`;
    const line = await stack.agents.get('alpha')!.waitFor(new RegExp(`"commandId":"${id}"`));
    expect(line).toMatch(/scope_refused/);
  });

  it('runs a cluster-scoped read signed for an unrestricted principal', async () => {
    const before = clusterScopedReads();
    const result = await run(['get', 'nodes'], null);
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0 });
    expect(result.output).toMatch(/^NAME +STATUS +ROLES/);
    // The request counter the refusals rely on does see such reads.
    expect(clusterScopedReads()).toBeGreaterThan(before);
  });
});

describe('a namespace-scoped key reads its namespace as an unrestricted one does', () => {
  // The agent guards every request with the signed namespaces too: what a namespaced verb needs
  // (discovery, objects, events, logs, revisions, metrics) must still pass.
  it.each([
    'get pods -n default -o wide',
    'get all -n default',
    'get deploy,svc,cm -n default -o yaml',
    'describe pods -n default',
    'describe deployment web -n default',
    'describe svc web -n default',
    'logs deploy/web -n default --tail=5',
    'events -n default',
    'get events -n default -o json',
    'rollout history deployment/web -n default',
    'rollout status deployment/web -n default',
    'top pod -n default',
    'api-resources',
    'version',
    'explain pods.spec.containers',
  ])('%s', async (command) => {
    const [scoped, admin] = await Promise.all([
      stack.call('POST', '/v1/clusters/alpha/exec', { command }, scopedKey),
      stack.call('POST', '/v1/clusters/alpha/exec', { command }, stack.adminKey),
    ]);
    expect(scoped.status, JSON.stringify(scoped.json)).toBe(200);
    expect(scoped.json.error).toBe(admin.json.error);
    expect(scoped.json.status).toBe(admin.json.status);
    // Ages move with the clock between the two calls; the shape and the rows must not.
    const shape = (s: string) => s.replace(/\d+[smhd]\b/g, 'AGE');
    expect(shape(scoped.json.output)).toBe(shape(admin.json.output));
  });
});
