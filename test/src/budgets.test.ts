// Output budgets and fleet across real processes (CONTRACT §3a, §3b): redis-server, kube-sim, the
// API and two agents. A real output over 500 KB paged at 16 KiB joins to the unpaged output byte
// for byte; a fleet call over three clusters, one of them without an agent, answers for each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ clusters: ['alpha', 'beta', 'gamma'] });
  // gamma has no agent: offline.
  await Promise.all([stack.startAgent('alpha'), stack.startAgent('beta')]);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** Every page after `first`, read by cursor: the joined bytes and each page's size. */
async function readRest(
  id: string,
  first: { output: string; nextCursor: string | null },
): Promise<{ bytes: Buffer; sizes: number[] }> {
  const pages = [Buffer.from(first.output, 'utf8')];
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const res = await stack.call(
      'GET',
      `/v1/commands/${id}/output?cursor=${encodeURIComponent(cursor)}`,
    );
    expect(res.status).toBe(200);
    pages.push(Buffer.from(res.json.output, 'utf8'));
    cursor = res.json.nextCursor;
  }
  return { bytes: Buffer.concat(pages), sizes: pages.map((p) => p.length) };
}

describe('paging a real output', () => {
  // Every object of the default fixture cluster as JSON: about 800 KB, under the 1 MiB cap.
  const command = 'get all -A -o json';

  it('maxOutputBytes=16384: pages of at most 16 KiB, cut at lines, join to the unpaged output', async () => {
    const whole = await stack.call('POST', '/v1/clusters/alpha/exec', { command });
    expect(whole.status).toBe(200);
    expect(whole.json).toMatchObject({ status: 'succeeded', truncated: false, nextCursor: null });
    const unpaged = Buffer.from(whole.json.output as string, 'utf8');
    expect(unpaged.length).toBeGreaterThan(500_000);
    expect(whole.json.outputBytes).toBe(unpaged.length);

    const paged = await stack.call('POST', '/v1/clusters/alpha/exec', {
      command,
      maxOutputBytes: 16_384,
    });
    expect(paged.status).toBe(200);
    expect(paged.json.outputBytes).toBe(unpaged.length);
    expect(paged.json.nextCursor).toEqual(expect.any(String));
    const { bytes, sizes } = await readRest(paged.json.id, paged.json);
    expect(bytes.equals(unpaged)).toBe(true);
    expect(sizes.length).toBeGreaterThanOrEqual(Math.ceil(unpaged.length / 16_384));
    for (const size of sizes) expect(size).toBeLessThanOrEqual(16_384);
    // JSON lines are short: every page but the last ends a line.
    let offset = 0;
    for (const size of sizes.slice(0, -1)) {
      offset += size;
      expect(unpaged[offset - 1]).toBe(0x0a);
    }

    // The stored output is whole: one read of it from the start gives it all.
    const all = await stack.call('GET', `/v1/commands/${paged.json.id}/output?maxBytes=1048576`);
    expect(all.json.nextCursor).toBeNull();
    expect(Buffer.from(all.json.output, 'utf8').equals(unpaged)).toBe(true);
  }, 60_000);

  it('a cursor is bound to the principal it was given to', async () => {
    const paged = await stack.call('POST', '/v1/clusters/alpha/exec', {
      command,
      maxOutputBytes: 16_384,
    });
    const cursor: string = paged.json.nextCursor;
    const path = `/v1/commands/${paged.json.id}/output?cursor=`;
    const admin = await stack.call('GET', path + cursor, undefined, stack.adminKey);
    expect(admin.status).toBe(404);
    expect(admin.json.error.code).toBe('command_not_found');
    const flipped = cursor.slice(0, -1) + (cursor.endsWith('A') ? 'B' : 'A');
    const tampered = await stack.call('GET', path + flipped);
    expect(tampered.status).toBe(400);
    expect(tampered.json.error.code).toBe('invalid_request');
    expect((await stack.call('GET', path + cursor)).status).toBe(200);
  }, 30_000);
});

describe('fleet', () => {
  it("across three clusters, one agent offline: an entry per cluster, each cluster's own output", async () => {
    const command = 'get ns -o name';
    const fleet = await stack.call('POST', '/v1/fleet/exec', {
      clusters: ['*'],
      command,
      maxOutputBytes: 20,
    });
    expect(fleet.status).toBe(200);
    const [alpha, beta, gamma] = fleet.json.results;
    expect(fleet.json.results.map((r: { clusterId: string }) => r.clusterId)).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
    expect(gamma).toEqual({
      clusterId: 'gamma',
      error: { code: 'agent_unavailable', message: expect.any(String) },
    });
    const single = await stack.call('POST', '/v1/clusters/alpha/exec', { command });
    expect(single.status).toBe(200);
    for (const entry of [alpha, beta]) {
      expect(entry).toMatchObject({
        status: 'succeeded',
        command: ['get', 'namespaces', '-o', 'name'],
      });
      expect(Buffer.byteLength(entry.output)).toBeLessThanOrEqual(20);
      // Both agents read the same kube-sim: each cluster's pages join to the same output.
      expect((await readRest(entry.id, entry)).bytes.toString('utf8')).toBe(single.json.output);
    }
    const metrics = await stack.replica.metrics();
    expect(metrics).toMatch(
      /porthole_commands_total\{cluster="gamma",verb="get",status="agent_unavailable"\} 1/,
    );
  }, 60_000);
});
