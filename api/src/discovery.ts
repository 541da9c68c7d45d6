// The API resources each cluster's agent reported, cached per replica for a short while so the
// policy gets the same array object (and its prebuilt index) on every command.
import type { ApiResourceInfo } from '@porthole/protocol';
import type { Store } from '@porthole/store';

const FRESH_MS = 30_000;

export class DiscoveryCache {
  private readonly entries = new Map<string, { at: number; resources: ApiResourceInfo[] | null }>();

  constructor(
    private readonly store: Pick<Store, 'agents'>,
    private readonly now: () => number,
  ) {}

  async get(clusterId: string): Promise<ApiResourceInfo[] | null> {
    const entry = this.entries.get(clusterId);
    if (entry && this.now() - entry.at < FRESH_MS) return entry.resources;
    const resources = await this.store.agents.discovery(clusterId);
    this.entries.set(clusterId, { at: this.now(), resources });
    return resources;
  }

  async record(clusterId: string, resources: ApiResourceInfo[]): Promise<void> {
    await this.store.agents.recordDiscovery(clusterId, resources);
    this.entries.set(clusterId, { at: this.now(), resources });
  }
}
