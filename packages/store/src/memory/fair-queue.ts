// One cluster's waiting commands in the memory store: a sub-queue per principal, served
// round-robin (the same order the Redis store's claim script keeps).

export class FairQueue {
  /** owner → ids in the order they are served; an owner is here only while it has some. */
  private readonly queues = new Map<string, string[]>();
  /** Owners with waiting commands, in the order of their next turn. */
  private turns: string[] = [];
  private total = 0;

  get size(): number {
    return this.total;
  }

  lengthOf(owner: string): number {
    return this.queues.get(owner)?.length ?? 0;
  }

  push(owner: string, id: string): void {
    this.queueOf(owner, 'back').push(id);
    this.total += 1;
  }

  /** A redelivered command: first in its owner's queue, and its owner's turn comes next. */
  pushFront(owner: string, id: string): void {
    if (this.queues.has(owner)) this.turns = [owner, ...this.turns.filter((o) => o !== owner)];
    this.queueOf(owner, 'front').unshift(id);
    this.total += 1;
  }

  /** The next id in turn: the first of the owner whose turn it is, who then goes last. */
  shift(): string | undefined {
    const owner = this.turns.shift();
    if (owner === undefined) return undefined;
    const ids = this.queues.get(owner) ?? [];
    const id = ids.shift();
    if (ids.length > 0) this.turns.push(owner);
    else this.queues.delete(owner);
    if (id !== undefined) this.total -= 1;
    return id;
  }

  remove(owner: string, id: string): void {
    const ids = this.queues.get(owner);
    const at = ids?.indexOf(id) ?? -1;
    if (!ids || at < 0) return;
    ids.splice(at, 1);
    this.total -= 1;
    if (ids.length === 0) this.forget(owner);
  }

  /** Keeps only the ids `keep` accepts (the sweep of expired ones). */
  retain(keep: (id: string) => boolean): void {
    for (const [owner, ids] of [...this.queues]) {
      const kept = ids.filter(keep);
      this.total -= ids.length - kept.length;
      if (kept.length === 0) this.forget(owner);
      else this.queues.set(owner, kept);
    }
  }

  private queueOf(owner: string, turn: 'front' | 'back'): string[] {
    let ids = this.queues.get(owner);
    if (!ids) {
      this.queues.set(owner, (ids = []));
      if (turn === 'front') this.turns.unshift(owner);
      else this.turns.push(owner);
    }
    return ids;
  }

  private forget(owner: string): void {
    this.queues.delete(owner);
    this.turns = this.turns.filter((o) => o !== owner);
  }
}
