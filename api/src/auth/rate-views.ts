// What this replica last heard of each credential's rate budget. A request of a credential that
// had more than half its budget left a moment ago, counting the requests still on their way to
// the store, goes ahead without waiting for the store's answer: it is still counted there, in
// the background, and the next answer is heard. The same trade the auth-failure check makes for
// a quiet address (middleware.ts): the shared limit is late by a second at most, and only for a
// credential far from it. A credential near its limit waits for every count, as before.
//
// While one background count of a credential is on its way, the next ones wait for it and go
// together as one (a count of n): a busy credential costs the store one call per round trip
// instead of one per request. The store counts n all or none, so a batch refused because other
// replicas used the budget meanwhile is not counted: the limit is late by that batch at most,
// for a credential that had over half its budget a second ago.

/** How long an answer stands for the budget. */
export const RATE_VIEW_MS = 1000;
const MAX_VIEWS = 10_000;

export interface RateView {
  /** Tokens left after the newest answer heard. */
  remaining: number;
  heardAt: number;
  /** Counts not waited for whose answers have not come back (those waiting to be sent too). */
  inFlight: number;
  /** A count of this credential is on its way to the store. */
  sending: boolean;
  /** Counts waiting for the one on its way, sent together after it. */
  waiting: number;
}

export class RateViews {
  private readonly views = new Map<string, RateView>();

  /**
   * The view to count one event against without waiting, or null when the caller must wait
   * for the store: no answer heard within RATE_VIEW_MS, or half the budget or less left once
   * the counts on their way and this one are taken off.
   */
  roomFor(bucket: string, budget: number, now: number): RateView | null {
    const view = this.views.get(bucket);
    if (!view || now - view.heardAt > RATE_VIEW_MS) return null;
    return view.remaining - view.inFlight - 1 > budget / 2 ? view : null;
  }

  /** The store's answer to a count: allowed with what is left, or refused (forgotten). */
  heard(bucket: string, rate: { allowed: boolean; remaining: number }, now: number): void {
    if (!rate.allowed) {
      this.views.delete(bucket);
      return;
    }
    const view = this.views.get(bucket);
    if (view) {
      view.remaining = rate.remaining;
      view.heardAt = now;
      return;
    }
    if (this.views.size >= MAX_VIEWS) this.views.clear();
    this.views.set(bucket, {
      remaining: rate.remaining,
      heardAt: now,
      inFlight: 0,
      sending: false,
      waiting: 0,
    });
  }

  /** Nothing known any more (the store failed to answer): the next event waits. */
  forget(bucket: string): void {
    this.views.delete(bucket);
  }
}
