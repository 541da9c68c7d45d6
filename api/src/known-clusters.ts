// The cluster ids metric labels may take, held in memory so that labelling never waits on the store.

/** Refreshed whenever clusters are listed (each scrape does) and when this replica changes them. */
export class KnownClusters {
  private ids = new Set<string>();
  constructor(initial: Iterable<string>) {
    this.replace(initial);
  }
  replace(ids: Iterable<string>): void {
    this.ids = new Set(ids);
  }
  add(id: string): void {
    this.ids.add(id);
  }
  delete(id: string): void {
    this.ids.delete(id);
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
  list(): string[] {
    return [...this.ids];
  }
}
