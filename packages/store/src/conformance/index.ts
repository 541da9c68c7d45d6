// The Store conformance suite: the delivery semantics of DESIGN.md, run against every Store
// implementation (memory.test.ts, redis.test.ts) so they cannot drift apart; one part per
// capability.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../errors.js';
import type { Store, StoreOptions } from '../store.js';
import { agentConformance } from './agents.js';
import { apiKeyConformance } from './api-keys.js';
import { auditConformance } from './audit.js';
import { clusterConformance } from './clusters.js';
import { commandConformance } from './commands.js';
import {
  apiKey as apiKeyFor,
  envelope,
  LONG_WAIT_MS,
  newId,
  sleep,
  testClock,
  timed,
  WOKEN_WITHIN_MS,
  type MakeStore,
  type Setup,
} from './harness.js';
import { rateLimitConformance } from './rate-limit.js';
import { sessionConformance } from './sessions.js';

export type { MakeStore } from './harness.js';

export function runStoreConformance(name: string, makeStore: MakeStore): void {
  describe(`${name} conforms to the Store semantics`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    async function setup(options: StoreOptions = {}): Promise<Setup> {
      const clock = testClock();
      // One namespace per test, named here so a replica can join it.
      const shared = {
        keyPrefix: `k${randomBytes(6).toString('hex')}:`,
        now: clock.now,
        ...options,
      };
      const open = async () => {
        const store = await makeStore(shared);
        opened.push(store);
        return store;
      };
      const store = await open();
      return { store, clock, cluster: `c-${randomBytes(3).toString('hex')}`, replica: open };
    }

    commandConformance(setup);
    agentConformance(setup);
    apiKeyConformance(setup);
    clusterConformance(setup);
    sessionConformance(setup);
    rateLimitConformance(setup);
    auditConformance(setup);

    describe('close', () => {
      it.each([
        ['ping', (s: Store) => s.ping()],
        ['commands.enqueue', (s: Store) => s.commands.enqueue(envelope('closed', Date.now()))],
        ['commands.get', (s: Store) => s.commands.get(newId())],
        ['commands.expire', (s: Store) => s.commands.expire(newId())],
        ['commands.expireDue', (s: Store) => s.commands.expireDue(10)],
        ['agents.markDisconnected', (s: Store) => s.agents.markDisconnected('closed', 1, 1)],
        ['agents.presence', (s: Store) => s.agents.presence('closed')],
        ['apiKeys.create', (s: Store) => s.apiKeys.create(apiKeyFor())],
        ['apiKeys.findByHash', (s: Store) => s.apiKeys.findByHash('0'.repeat(64))],
        ['clusters.register', (s: Store) => s.clusters.register('closed', '0'.repeat(64), 1)],
        ['sessions.get', (s: Store) => s.sessions.get(newId())],
        ['rates.consume', (s: Store) => s.rates.consume('closed', 1, 1000)],
        [
          'audit.append',
          (s: Store) => s.audit.append({ timestamp: '', event_type: 'x', cluster_id: null }),
        ],
        ['audit.query', (s: Store) => s.audit.query({ limit: 1 })],
      ] as const)('rejects %s with StoreUnavailableError once closed', async (_label, call) => {
        const { store } = await setup();
        await store.close();
        await expect(call(store)).rejects.toBeInstanceOf(StoreUnavailableError);
      });

      it('resolves pending waiters with null', async () => {
        const { store, clock, cluster } = await setup();
        const command = envelope(cluster, clock.now());
        await store.commands.enqueue(command);
        const result = timed(store.commands.waitForResult(command.id, LONG_WAIT_MS));
        const work = timed(store.commands.waitForWork(`${cluster}-idle`, LONG_WAIT_MS));
        // A head start, so close usually finds the waits listening (it ends them either way).
        await sleep(30);
        await store.close();
        expect((await result).value).toBeNull();
        // Ended by close, not by their own timeouts.
        expect((await result).ms).toBeLessThan(WOKEN_WITHIN_MS);
        expect((await work).ms).toBeLessThan(WOKEN_WITHIN_MS);
      });
    });
  });
}
