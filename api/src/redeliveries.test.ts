// porthole_command_redeliveries_total counts commands handed out again after their lease ran out
// without a result: the cases where a command may have run twice.
import { afterEach, expect, it } from 'vitest';
import { createMemoryStore } from '@porthole/store';
import { ALPHA, KEY, json, startTestApi, type TestApi } from './testing/harness.js';

let t: TestApi;
afterEach(() => t.close());

it('counts a command handed out again after its lease ran out, once per hand-out', async () => {
  let offset = 0;
  const now = () => Date.now() + offset;
  t = await startTestApi(
    { commandTimeoutSeconds: 300 },
    { now, store: createMemoryStore({ resultTtlSeconds: 60, now }) },
  );
  const poll = async () =>
    (await json(await t.req('GET', '/v1/agent/commands?wait=0', ALPHA))).commands as Array<{
      id: string;
    }>;
  await poll();
  // Registered clusters start at zero, so a rate() sees the first one.
  expect(await t.counter('porthole_command_redeliveries_total', { cluster: 'alpha' })).toBe(0);
  const queued = await json(
    await t.req('POST', '/v1/clusters/alpha/commands', KEY, { command: 'get pods' }),
  );
  expect((await poll()).map((c) => c.id)).toEqual([queued.id]);
  expect(await poll()).toEqual([]);
  expect(await t.counter('porthole_command_redeliveries_total', { cluster: 'alpha' })).toBe(0);

  // The agent holding it went quiet past its lease: the next poll gets it again.
  offset += 60_000;
  expect((await poll()).map((c) => c.id)).toEqual([queued.id]);
  expect(await t.counter('porthole_command_redeliveries_total', { cluster: 'alpha' })).toBe(1);
  offset += 60_000;
  expect((await poll()).map((c) => c.id)).toEqual([queued.id]);
  expect(await t.counter('porthole_command_redeliveries_total', { cluster: 'alpha' })).toBe(2);
});
