// Conformance of what agents report: presence and discovery, each forgotten after its TTL, and
// the connected/disconnected changes each seen by one caller.
import { describe, expect, it } from 'vitest';
import type { AgentHealthReport, AgentPresence } from '../store.js';
import { LONG_WAIT_MS, randomHash, type SetupFn } from './harness.js';

const WINDOW = 30_000;
/**
 * Redis expires keys on its own clock, so this TTL is real time: long enough that each read
 * right after a write comes well within it on a busy machine, short enough to watch it run out.
 */
const PRESENCE_TTL_SECONDS = 2;

export function agentConformance(setup: SetupFn): void {
  const seen = (clusterId: string, lastSeenAt: number): AgentPresence => ({
    clusterId,
    lastSeenAt,
    agentVersion: '1.2.3',
    kubernetesVersion: null,
  });

  describe('agent presence', () => {
    it('remembers the last poll of a cluster, then forgets it after its TTL', async () => {
      const { store, clock, cluster } = await setup({ presenceTtlSeconds: PRESENCE_TTL_SECONDS });
      expect(await store.agents.presence(cluster)).toBeNull();
      const presence = seen(cluster, clock.now());
      await store.agents.recordSeen(presence, WINDOW);
      expect(await store.agents.presence(cluster)).toEqual(presence);
      expect(await store.agents.presence(`${cluster}-other`)).toBeNull();
      const later = {
        ...presence,
        lastSeenAt: presence.lastSeenAt + 5,
        kubernetesVersion: 'v1.35.0',
      };
      await store.agents.recordSeen(later, WINDOW);
      expect(await store.agents.presence(cluster)).toEqual(later);
      await expect
        .poll(() => store.agents.presence(cluster), { timeout: LONG_WAIT_MS, interval: 100 })
        .toBeNull();
    });

    it('tells the first poll that the cluster is connected, and no later one', async () => {
      const { store, cluster } = await setup();
      const t = 1_700_000_000_000;
      expect(await store.agents.recordSeen(seen(cluster, t), WINDOW)).toEqual({
        connected: true,
        silentSince: null,
      });
      for (const at of [t + 1, t + WINDOW, t + 2 * WINDOW])
        expect(await store.agents.recordSeen(seen(cluster, at), WINDOW)).toEqual({
          connected: false,
          silentSince: null,
        });
    });

    it('marks a silent cluster disconnected once, and tells the next poll it is connected again', async () => {
      const { store, cluster } = await setup();
      const t = 1_700_000_000_000;
      expect(await store.agents.markDisconnected(cluster, t, WINDOW)).toBeNull();
      await store.agents.recordSeen(seen(cluster, t), WINDOW);
      // Within the window (its edge included) it stays connected.
      expect(await store.agents.markDisconnected(cluster, t + WINDOW, WINDOW)).toBeNull();
      expect(await store.agents.markDisconnected(cluster, t + WINDOW + 1, WINDOW)).toEqual(
        seen(cluster, t),
      );
      expect(await store.agents.markDisconnected(cluster, t + WINDOW + 2, WINDOW)).toBeNull();
      // Presence itself is still readable: only the mark changed.
      expect(await store.agents.presence(cluster)).toEqual(seen(cluster, t));
      expect(await store.agents.recordSeen(seen(cluster, t + WINDOW + 3), WINDOW)).toEqual({
        connected: true,
        silentSince: null,
      });
    });

    it('tells a poll after an unnoticed silence of the disconnection nobody announced', async () => {
      const { store, cluster } = await setup();
      const t = 1_700_000_000_000;
      await store.agents.recordSeen(seen(cluster, t), WINDOW);
      expect(await store.agents.recordSeen(seen(cluster, t + WINDOW + 1), WINDOW)).toEqual({
        connected: true,
        silentSince: t,
      });
      expect(await store.agents.markDisconnected(cluster, t + WINDOW + 2, WINDOW)).toBeNull();
    });

    it('of concurrent polls and checks on two replicas, one sees each change', async () => {
      const { store, cluster, replica } = await setup();
      const other = await replica();
      const t = 1_700_000_000_000;
      const polls = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : store).agents.recordSeen(seen(cluster, t + i), WINDOW),
        ),
      );
      expect(polls.filter((p) => p.connected)).toHaveLength(1);
      const checks = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? other : store).agents.markDisconnected(cluster, t + 2 * WINDOW, WINDOW),
        ),
      );
      expect(checks.filter((p) => p !== null)).toHaveLength(1);
    });

    it('rejects a negative or non-finite offline window', async () => {
      const { store, cluster } = await setup();
      await expect(store.agents.recordSeen(seen(cluster, 1), -1)).rejects.toThrow(TypeError);
      await expect(store.agents.markDisconnected(cluster, 1, Number.NaN)).rejects.toThrow(
        TypeError,
      );
    });
  });

  describe('cluster discovery', () => {
    it('keeps the last report of a cluster for as long as presence, then forgets it', async () => {
      const { store, cluster } = await setup({ presenceTtlSeconds: PRESENCE_TTL_SECONDS });
      expect(await store.agents.discovery(cluster)).toBeNull();
      const pods = {
        name: 'pods',
        singularName: 'pod',
        shortNames: ['po'],
        kind: 'Pod',
        group: '',
        version: 'v1',
        namespaced: true,
        categories: ['all'],
      };
      await store.agents.recordDiscovery(cluster, [pods]);
      expect(await store.agents.discovery(cluster)).toEqual([pods]);
      expect(await store.agents.discovery(`${cluster}-other`)).toBeNull();
      const widgets = {
        ...pods,
        name: 'widgets',
        singularName: 'widget',
        shortNames: [],
        kind: 'Widget',
        group: 'example.com',
      };
      await store.agents.recordDiscovery(cluster, [pods, widgets]);
      expect(await store.agents.discovery(cluster)).toEqual([pods, widgets]);
      await expect
        .poll(() => store.agents.discovery(cluster), { timeout: LONG_WAIT_MS, interval: 100 })
        .toBeNull();
    });
  });

  describe('agent health', () => {
    const report = (reportedAt: number, kubeReachable: boolean): AgentHealthReport => ({
      reportedAt,
      health: {
        version: '1.2.3',
        kubeReachable,
        kubeErrors: kubeReachable ? 0 : 3,
        lastKubeError: kubeReachable
          ? null
          : { message: 'connect ECONNREFUSED 127.0.0.1:6443', ageSeconds: 1.5 },
        commands: 12,
        inFlight: 1,
        redactions: 4,
        queueAgeSeconds: 0,
      },
    });

    it('keeps the last report of a cluster, replaced by the next, then forgets it', async () => {
      const { store, clock, cluster } = await setup({ presenceTtlSeconds: PRESENCE_TTL_SECONDS });
      expect(await store.agents.health(cluster)).toBeNull();
      const first = report(clock.now(), true);
      await store.agents.recordHealth(cluster, first);
      expect(await store.agents.health(cluster)).toEqual(first);
      expect(await store.agents.health(`${cluster}-other`)).toBeNull();
      const second = report(clock.now() + 10, false);
      await store.agents.recordHealth(cluster, second);
      expect(await store.agents.health(cluster)).toEqual(second);
      await expect
        .poll(() => store.agents.health(cluster), { timeout: LONG_WAIT_MS, interval: 100 })
        .toBeNull();
    });

    it('is forgotten with its cluster', async () => {
      const { store, clock, cluster } = await setup();
      expect(await store.clusters.register(cluster, randomHash(), clock.now())).toBe(true);
      await store.agents.recordHealth(cluster, report(1_700_000_000_000, true));
      expect(await store.clusters.delete(cluster)).toBe(true);
      expect(await store.agents.health(cluster)).toBeNull();
    });
  });
}
