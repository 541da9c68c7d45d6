// Waiting for results and work, shared by both stores: every wait subscribes to a channel of a
// notification hub first and reads the store second, so nothing landing in between is missed.
import { Result } from '@porthole/protocol';
import type { RecordView } from './state.js';
import type { WorkNews } from './store.js';

export type Listener = (message: string) => void;

/** Publish/subscribe fan-out. `listen` resolves once the subscription is live. */
export interface NotificationHub {
  listen(channel: string, listener: Listener): Promise<() => void>;
}

export interface WaitSource {
  hub: NotificationHub;
  now: () => number;
  resultChannel(id: string): string;
  workChannel(clusterId: string): string;
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
 * A message on a result channel carries the Result JSON of a result stored in time (a timeout
 * or a late result publishes '' or nothing); anything else means "read again".
 */
function resultFromMessage(message: string): Result | null {
  if (message === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch (err) {
    // Not fatal: the waiter reads the stored record instead, which is authoritative.
    void err;
    return null;
  }
  const parsed = Result.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The work-channel message of a claimed command's result (the Lua scripts write the same). */
export function doneMessage(id: string, queued: boolean): string {
  return `done ${id} ${queued ? 1 : 0}`;
}

/** The work-channel message of an agent instance's new channel. */
export function channelMessage(instance: string, channel: string): string {
  if (/\s/.test(instance + channel)) throw new TypeError('instance and channel ids have no spaces');
  return `channel ${instance} ${channel}`;
}

function workNews(message: string): WorkNews {
  const done = /^done (\S+) ([01])$/.exec(message);
  if (done) return { kind: 'done', id: done[1]!, queued: done[2] === '1' };
  const channel = /^channel (\S+) (\S+)$/.exec(message);
  if (channel) return { kind: 'channel', instance: channel[1]!, channel: channel[2]! };
  return { kind: 'work' };
}

export class Waiters {
  private readonly pending = new Set<() => void>();
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
      const unlisten = await source.hub.listen(source.resultChannel(id), (message) => {
        const result = resultFromMessage(message);
        if (result) w.finish(result);
        else recheck();
      });
      w.onEnd(unlisten);
      await check();
    });
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
