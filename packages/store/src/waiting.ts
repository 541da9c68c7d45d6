// Waiting for results and work, shared by both stores: every wait subscribes to a channel of a
// notification hub first and reads the store second, so nothing landing in between is missed.
// Result waits follow their cluster's work channel, where every command that ends is announced
// by id (`done <id> <queued>`): one subscription per cluster, not one per command, and a result
// stored by this process reaches its waiters here without a read.
import type { Result } from '@porthole/protocol';
import type { RecordView } from './state.js';
import type { ExpectedResult, WorkNews } from './store.js';

export type Listener = (message: string) => void;

/** Publish/subscribe fan-out. `listen` resolves once the subscription is live. */
export interface NotificationHub {
  listen(channel: string, listener: Listener): Promise<() => void>;
}

export interface WaitSource {
  hub: NotificationHub;
  now: () => number;
  workChannel(clusterId: string): string;
  /** The cluster of a command this process queued (known without a read), else undefined. */
  knownCluster(id: string): string | undefined;
  /** The command as it reads now, or null when unknown or expired. */
  readCommand(id: string): Promise<RecordView | null>;
  /** Epoch ms from which a claim may find work (a queued id, a lease running out), or null. */
  nextWorkAt(clusterId: string): Promise<number | null>;
  /** Turns a failure of the backing store into the error the caller sees. */
  toStoreError(err: unknown): Error;
}

interface Wait<T> {
  readonly done: boolean;
  finish(value: T): void;
  fail(err: unknown): void;
  /** Run `fn` after `delayMs` unless the wait ended before. */
  after(delayMs: number, fn: () => void): void;
  /** Run `fn` when the wait ends (at once if it already has). */
  onEnd(fn: () => void): void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const timerDelay = (ms: number) => Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_MS);

/** The agent's result of an ended command, or null when it timed out. */
function ontimeResult(view: RecordView): Result | null {
  return 'result' in view.state && !view.state.timedOut ? view.state.result : null;
}

/**
 * What a hub delivers on every channel when messages may have been lost (a reconnect): every
 * waiter reads the store again. Never published: '' on a work channel means new work.
 */
export const LOOK_AGAIN = 'look again';

/** The work-channel message of a command that ended (the Lua scripts write the same). */
export function doneMessage(id: string, queued: boolean): string {
  return `done ${id} ${queued ? 1 : 0}`;
}

/** The work-channel message of an agent instance's new channel. */
export function channelMessage(instance: string, channel: string): string {
  if (/\s/.test(instance + channel)) throw new TypeError('instance and channel ids have no spaces');
  return `channel ${instance} ${channel}`;
}

const DONE = /^done (\S+) ([01])$/;

function workNews(message: string): WorkNews {
  const done = DONE.exec(message);
  if (done) return { kind: 'done', id: done[1]!, queued: done[2] === '1' };
  const channel = /^channel (\S+) (\S+)$/.exec(message);
  if (channel) return { kind: 'channel', instance: channel[1]!, channel: channel[2]! };
  return { kind: 'work' };
}

/** What a result wait hears: the result stored here, or 'look' (read the store again). */
type ResultNews = Result | 'look';

/** A cluster's work channel followed for result waits: waits by command id. */
interface Followed {
  waits: Map<string, Set<(news: ResultNews) => void>>;
  live: Promise<() => void>;
  /** The subscription is live: news of a command queued from now on cannot be missed. */
  isLive: boolean;
  /** Epoch ms since which no wait uses it, or null while one does. */
  idleSince: number | null;
}

/**
 * A channel followed for result waits stays subscribed this long after its last wait, so the
 * next command of the cluster needs no read to start waiting; and at most this many idle ones.
 */
const IDLE_FOLLOW_MS = 30_000;
const MAX_IDLE_FOLLOWED = 1000;

export class Waiters {
  private readonly pending = new Set<() => void>();
  private readonly followed = new Map<string, Followed>();
  /** Commands whose result this process is storing (`storing`). */
  private readonly inStore = new Set<string>();
  private lastIdleSweep = 0;
  private closed = false;

  constructor(private readonly source: WaitSource) {}

  /** Number of waits in progress. */
  get size(): number {
    return this.pending.size;
  }

  /** Ends every wait as if it timed out, and every later one at once. */
  closeAll(): void {
    this.closed = true;
    for (const end of [...this.pending]) end();
    for (const [clusterId, followed] of [...this.followed]) this.unfollow(clusterId, followed);
  }

  forResult(id: string, timeoutMs: number, signal?: AbortSignal): Promise<Result | null> {
    const { source } = this;
    if (!(timeoutMs > 0) && !this.closed && !signal?.aborted) {
      // No time to wait: answer from what is stored.
      return source.readCommand(id).then(
        (view) => (view ? ontimeResult(view) : null),
        (err: unknown) => Promise.reject(source.toStoreError(err)),
      );
    }
    return this.wait<Result | null>(null, timeoutMs, signal, async (w) => {
      let clusterId = source.knownCluster(id);
      if (clusterId === undefined) {
        // Another process queued it: its record names the cluster whose channel announces it.
        const view = await source.readCommand(id);
        if (w.done) return;
        if (!view) return w.finish(null);
        if ('result' in view.state) return w.finish(ontimeResult(view));
        clusterId = view.state.command.clusterId;
      }
      const check = this.checker(id, w);
      const { followed, end } = this.register(clusterId, id, (news) => {
        if (news === 'look') check();
        else w.finish(news);
      });
      w.onEnd(end);
      await followed.live;
      check();
    });
  }

  /**
   * Starts waiting for the result of `command` before it is queued, so that once its cluster's
   * channel is followed, no read is needed to begin: nothing can have ended a command not yet
   * queued. News arriving before `wait` is called are kept for it.
   */
  expect(command: { id: string; clusterId: string; deadline: number }): ExpectedResult {
    const kept: ResultNews[] = [];
    let hear: (news: ResultNews) => void = (news) => kept.push(news);
    const { followed, end } = this.register(command.clusterId, command.id, (news) => hear(news));
    const liveBefore = followed.isLive;
    return {
      cancel: end,
      wait: (timeoutMs, signal) => {
        const waiting = this.wait<Result | null>(null, timeoutMs, signal, async (w) => {
          const check = this.checker(command.id, w);
          hear = (news) => {
            if (news === 'look') check();
            else w.finish(news);
          };
          for (const news of kept.splice(0)) hear(news);
          await followed.live;
          if (w.done) return;
          if (!liveBefore) {
            check();
            return;
          }
          // A pending command turns into a timeout at its deadline without any notification.
          w.after(command.deadline - this.source.now() + 1, check);
        });
        // Whether or not the wait began (a closed store, an aborted signal end it at once).
        return waiting.finally(end);
      },
    };
  }

  /** Reads the command and ends the wait if it ended; else rechecks at its deadline. */
  private checker(id: string, w: Wait<Result | null>): () => void {
    const { source } = this;
    const check = async (): Promise<void> => {
      const view = await source.readCommand(id);
      if (w.done) return;
      // Unknown or expired: nothing will ever arrive.
      if (!view) return w.finish(null);
      // Ended: with its result, or timed out (null; a late result is not what was waited for).
      if ('result' in view.state) return w.finish(ontimeResult(view));
      // A pending command turns into a timeout at its deadline without any notification.
      if (view.changesAt !== null) w.after(view.changesAt - source.now() + 1, recheck);
    };
    const recheck = () => {
      check().catch((err: unknown) => w.fail(err));
    };
    return recheck;
  }

  /**
   * A result this process just stored in time: its local waiters have it without a read (the
   * announcement on the work channel still reaches other processes).
   */
  resultStored(result: Result): void {
    const waits = this.followed.get(result.clusterId)?.waits.get(result.id);
    if (waits) for (const wake of [...waits]) wake(result);
  }

  /**
   * This process is storing a result for the command: the announcement of its end, which may
   * come back before the store's own reply, is left to the returned function, called with the
   * result stored in time (handed to the waiters) or null (they read the store again).
   */
  storing(clusterId: string, id: string): (stored: Result | null) => void {
    this.inStore.add(id);
    return (stored) => {
      this.inStore.delete(id);
      if (stored) return this.resultStored(stored);
      const waits = this.followed.get(clusterId)?.waits.get(id);
      if (waits) for (const wake of [...waits]) wake('look');
    };
  }

  /**
   * Hears the news of command `id` on its cluster's work channel until `end` is called. The wait
   * is registered at once, before the subscription is live (`followed.live`), so a result stored
   * here in between is not missed; one stored elsewhere then is found by the read that follows.
   */
  private register(
    clusterId: string,
    id: string,
    wake: (news: ResultNews) => void,
  ): { followed: Followed; end: () => void } {
    this.sweepIdle();
    let entry = this.followed.get(clusterId);
    if (!entry) {
      const created: Followed = {
        waits: new Map(),
        live: this.source.hub.listen(this.source.workChannel(clusterId), (message) =>
          this.hearDone(created, message),
        ),
        isLive: false,
        idleSince: null,
      };
      created.live.then(
        () => (created.isLive = true),
        () => {
          // Its waits get the error; the next wait subscribes again.
          if (this.followed.get(clusterId) === created) this.followed.delete(clusterId);
        },
      );
      this.followed.set(clusterId, (entry = created));
    }
    const followed = entry;
    followed.idleSince = null;
    let waits = followed.waits.get(id);
    if (!waits) followed.waits.set(id, (waits = new Set()));
    waits.add(wake);
    const waitsOfId = waits;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      waitsOfId.delete(wake);
      if (waitsOfId.size === 0 && followed.waits.get(id) === waitsOfId) followed.waits.delete(id);
      if (followed.waits.size > 0 || this.followed.get(clusterId) !== followed) return;
      if (this.closed) this.unfollow(clusterId, followed);
      else followed.idleSince = this.source.now();
    };
    return { followed, end };
  }

  /** Channels idle past IDLE_FOLLOW_MS (or beyond MAX_IDLE_FOLLOWED) are unsubscribed. */
  private sweepIdle(): void {
    const now = this.source.now();
    if (now - this.lastIdleSweep < 1000 && this.followed.size < MAX_IDLE_FOLLOWED) return;
    this.lastIdleSweep = now;
    let idle = 0;
    for (const [clusterId, followed] of [...this.followed]) {
      if (followed.idleSince === null) continue;
      idle += 1;
      if (now - followed.idleSince >= IDLE_FOLLOW_MS || idle > MAX_IDLE_FOLLOWED)
        this.unfollow(clusterId, followed);
    }
  }

  private unfollow(clusterId: string, followed: Followed): void {
    if (this.followed.get(clusterId) === followed) this.followed.delete(clusterId);
    followed.live.then(
      (remove) => remove(),
      () => undefined,
    );
  }

  /** A message on a followed work channel: the waits of a command that ended read again. */
  private hearDone(followed: Followed, message: string): void {
    if (message === LOOK_AGAIN) {
      // Messages may have been lost: every wait reads again.
      for (const waits of [...followed.waits.values()]) for (const wake of [...waits]) wake('look');
      return;
    }
    const done = DONE.exec(message);
    // A result this process is storing reaches its waiters when the store answers.
    const waits = done && !this.inStore.has(done[1]!) ? followed.waits.get(done[1]!) : undefined;
    if (waits) for (const wake of [...waits]) wake('look');
  }

  forWork(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const { source } = this;
    if (!(timeoutMs > 0)) return Promise.resolve();
    return this.wait<void>(undefined, timeoutMs, signal, async (w) => {
      const unlisten = await source.hub.listen(source.workChannel(clusterId), () => w.finish());
      w.onEnd(unlisten);
      const at = await source.nextWorkAt(clusterId);
      if (w.done || at === null) return;
      // Timers may fire a little early against the wall clock: go only once `at` has passed.
      const finishAt = () => {
        const delay = at - source.now();
        if (delay <= 0) w.finish();
        else w.after(delay + 1, finishAt);
      };
      finishAt();
    });
  }

  /** Every message on a cluster's work channel until the returned function is called. */
  async watchWork(clusterId: string, listener: (news: WorkNews) => void): Promise<() => void> {
    const { source } = this;
    try {
      return await source.hub.listen(source.workChannel(clusterId), (message) =>
        listener(workNews(message)),
      );
    } catch (err) {
      throw source.toStoreError(err);
    }
  }

  private wait<T>(
    idle: T,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    body: (w: Wait<T>) => Promise<void>,
  ) {
    if (this.closed || signal?.aborted) return Promise.resolve(idle);
    return new Promise<T>((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      let done = false;
      const settle = (fn: () => void) => {
        if (done) return;
        done = true;
        this.pending.delete(end);
        for (const cleanup of cleanups.splice(0)) cleanup();
        fn();
      };
      const w: Wait<T> = {
        get done() {
          return done;
        },
        finish: (value) => settle(() => resolve(value)),
        fail: (err) => settle(() => reject(this.source.toStoreError(err))),
        after: (delayMs, fn) => {
          if (done) return;
          const timer = setTimeout(fn, timerDelay(delayMs));
          cleanups.push(() => clearTimeout(timer));
        },
        onEnd: (fn) => {
          if (done) fn();
          else cleanups.push(fn);
        },
      };
      const end = () => w.finish(idle);
      this.pending.add(end);
      w.after(timeoutMs, end);
      if (signal) {
        signal.addEventListener('abort', end, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', end));
      }
      body(w).catch((err: unknown) => w.fail(err));
    });
  }
}

/** The in-process hub of the memory store; messages are delivered on a later microtask, like Redis. */
export class LocalHub implements NotificationHub {
  private readonly channels = new Map<string, Set<Listener>>();

  listen(channel: string, listener: Listener): Promise<() => void> {
    let listeners = this.channels.get(channel);
    if (!listeners) this.channels.set(channel, (listeners = new Set()));
    listeners.add(listener);
    const set = listeners;
    return Promise.resolve(() => {
      set.delete(listener);
      if (set.size === 0 && this.channels.get(channel) === set) this.channels.delete(channel);
    });
  }

  publish(channel: string, message: string): void {
    const listeners = this.channels.get(channel);
    if (!listeners) return;
    for (const listener of [...listeners]) queueMicrotask(() => listener(message));
  }

  /** Channels with at least one listener (for tests). */
  get channelCount(): number {
    return this.channels.size;
  }
}
