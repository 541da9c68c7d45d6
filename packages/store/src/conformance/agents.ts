// Conformance of what agents report: presence and discovery, each forgotten after its TTL.
import { describe, expect, it } from 'vitest';
import { sleep, type SetupFn } from './harness.js';

export function agentConformance(setup: SetupFn): void {
  describe('agent presence', () => {
    it('remembers the last poll of a cluster, then forgets it after its TTL', async () => {
      const { store, clock, cluster } = await setup({ presenceTtlSeconds: 0.2 });
      expect(await store.agents.presence(cluster)).toBeNull();
      const presence = {
        clusterId: cluster,
        lastSeenAt: clock.now(),
        agentVersion: '1.2.3',
        kubernetesVersion: null,
      };
      await store.agents.recordSeen(presence);
      expect(await store.agents.presence(cluster)).toEqual(presence);
      expect(await store.agents.presence(`${cluster}-other`)).toBeNull();
      const later = {
        ...presence,
        lastSeenAt: presence.lastSeenAt + 5,
        kubernetesVersion: 'v1.35.0',
      };
      await store.agents.recordSeen(later);
      expect(await store.agents.presence(cluster)).toEqual(later);
      await sleep(300);
      expect(await store.agents.presence(cluster)).toBeNull();
    });
  });

  describe('cluster discovery', () => {
    it('keeps the last report of a cluster for as long as presence, then forgets it', async () => {
      const { store, cluster } = await setup({ presenceTtlSeconds: 0.2 });
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
      await sleep(300);
      expect(await store.agents.discovery(cluster)).toBeNull();
    });
  });
}
