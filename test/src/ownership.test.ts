// Ownership by principal id across real processes (two API replicas on one Redis, an agent,
// kube-sim): a key issued under a name another key held never reads that key's work, and a live
// name cannot be issued twice, even by replicas racing for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type ApiReplica, type Stack } from './harness/stack.js';

let stack: Stack;
let other: ApiReplica;

beforeAll(async () => {
  stack = await startStack({ clusters: ['alpha'] });
  await stack.startAgent('alpha');
  other = await stack.startReplica();
});

afterAll(async () => {
  await stack?.close();
});

const asAdmin = (api: ApiReplica, method: string, path: string, body?: unknown) =>
  api.call(method, path, body, stack.adminKey);

describe('a second key with the same name, through API and Redis', () => {
  it('is refused while the first lives, and once the first is revoked reads none of its work', async () => {
    const first = await asAdmin(stack.replica, 'POST', '/v1/admin/api-keys', { name: 'oncall' });
    expect(first.status).toBe(201);
    const ran = await stack.call(
      'POST',
      '/v1/clusters/alpha/exec',
      { command: 'get pods -n default' },
      first.json.key,
    );
    expect(ran.status).toBe(200);
    expect(ran.json).toMatchObject({ status: 'succeeded', clusterId: 'alpha' });
    const session = await stack.call(
      'POST',
      '/v1/sessions',
      { clusterId: 'alpha' },
      first.json.key,
    );
    expect(session.status).toBe(201);

    // Live name: refused by either replica, and a static key's name too.
    for (const api of [stack.replica, other]) {
      for (const name of ['oncall', 'sre', 'root']) {
        const dup = await asAdmin(api, 'POST', '/v1/admin/api-keys', { name });
        expect(dup.status).toBe(409);
        expect(dup.json.error.code).toBe('already_exists');
      }
    }

    expect((await asAdmin(other, 'DELETE', `/v1/admin/api-keys/${first.json.id}`)).status).toBe(
      204,
    );
    const second = await asAdmin(other, 'POST', '/v1/admin/api-keys', { name: 'oncall' });
    expect(second.status).toBe(201);
    expect(second.json.id).not.toBe(first.json.id);

    for (const api of [stack.replica, other]) {
      const read = await api.call('GET', `/v1/commands/${ran.json.id}`, undefined, second.json.key);
      expect(read.status).toBe(404);
      expect(read.json.error.code).toBe('command_not_found');
      expect(JSON.stringify(read.json)).not.toContain(ran.json.output);
      const s = await api.call(
        'GET',
        `/v1/sessions/${session.json.id}`,
        undefined,
        second.json.key,
      );
      expect(s.status).toBe(404);
      expect(s.json.error.code).toBe('session_not_found');
    }
    // The result is still there: an admin reads it.
    const admin = await asAdmin(other, 'GET', `/v1/commands/${ran.json.id}`);
    expect(admin.status).toBe(200);
    expect(admin.json.output).toBe(ran.json.output);
  });

  it('two replicas racing to issue one name: exactly one wins', async () => {
    for (let i = 0; i < 5; i++) {
      const body = { name: `race-${i}` };
      const answers = await Promise.all([
        asAdmin(stack.replica, 'POST', '/v1/admin/api-keys', body),
        asAdmin(other, 'POST', '/v1/admin/api-keys', body),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    }
    const listed = await asAdmin(stack.replica, 'GET', '/v1/admin/api-keys');
    const races = listed.json.apiKeys.filter((k: { name: string }) => k.name.startsWith('race-'));
    expect(races).toHaveLength(5);
  });
});
