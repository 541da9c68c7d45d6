// createAgent: takes commands from the API's command stream (or, from an API without one or
// behind a buffering proxy, long polls), runs them with bounded concurrency, keeps their leases
// while they run, posts each result until it is stored or can no longer matter, and reports its
// health every few seconds.
import { randomUUID } from 'node:crypto';
import {
  AGENT_HEALTH_INTERVAL_MS,
  type AgentCommand,
  type AgentResultPost,
  type EnvelopeClaims,
} from '@porthole/protocol';
import { describeError, type Logger } from '@porthole/runtime';
import { DiscoveryCache } from '@porthole/kubectl';
import { ApiError, TokenRefused, type ApiClient } from './api-client.js';
import type { HealthTracker } from './health.js';
import { createBackoff } from './backoff.js';
import { readStream, StreamUnusable, type Hello } from './channel/stream.js';
import { execute, type ExecuteDeps } from './execute.js';
import type { ResultUplink } from './channel/uplink.js';

export interface AgentDeps extends ExecuteDeps {
  api: ApiClient;
  logger: Logger;
  concurrency: number;
  /** The cluster this agent is configured for; the stream's hello must name the same. */
  clusterId?: string;
  /** Seconds the API may hold a poll open (long-poll mode). */
  pollWaitSeconds?: number;
  /** How long the stream may take to say hello before the agent falls back to long polls. */
  helloTimeoutMs?: number;
  /** `poll` skips the stream (for proxies known to buffer); default `auto`. */
  channel?: 'auto' | 'poll';
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called on every sign of life of the channel (each poll turn, each stream line). */
  heartbeat?: () => void;
  /** What the agent reports of itself every AGENT_HEALTH_INTERVAL_MS; none: no reports. */
  health?: HealthTracker;
  /** Waits after the API refused the token: [first, cap] in ms (default 2 and 5 minutes). */
  tokenRetryMs?: [number, number];
}

export interface Agent {
  /** Runs until stop(); resolves once every command taken has been run and posted. */
  run(): Promise<void>;
  stop(): void;
  inFlight(): number;
  /** How commands arrive now: the stream, or long polls after falling back. */
  channel(): 'stream' | 'poll';
}

/** The stream's hello names a cluster other than the configured one: the token is for it. */
export class WrongClusterError extends Error {
  override readonly name = 'WrongClusterError';
}

/** The lease the API holds commands under, until a hello says otherwise. */
const DEFAULT_LEASE_MS = 15_000;
/** After the deadline, how long a result is still worth posting (kept late, for reading). */
const RESULT_GRACE_MS = 30_000;
/** The API never hands a command out past its deadline; this covers clock skew. */
const REDELIVERY_SKEW_MS = 5_000;
/** Most ids remembered at once; the oldest go first. */
const MAX_TAKEN = 100_000;
/** How long an id is remembered when its deadline is unknown (a refused envelope). */
const UNKNOWN_DEADLINE_MS = 10 * 60_000;
/** After falling back to long polls, the stream is tried again after this. */
const STREAM_RETRY_MS = 10 * 60_000;
/** Failures of the stream back off up to this; a store outage must not delay recovery more. */
const RECONNECT_MAX_MS = 2_000;
/** A refused token waits this long, then longer up to the cap: only an operator can fix it. */
const TOKEN_RETRY_MS: [number, number] = [2 * 60_000, 5 * 60_000];
/** Reachability that changed is reported at once, but never more often than this. */
const HEALTH_MIN_GAP_MS = 2_000;

interface Running {
  startedAt: number;
  deadline: number | null;
}

export function createAgent(options: AgentDeps): Agent {
  const deps: AgentDeps = { ...options, discovery: options.discovery ?? new DiscoveryCache() };
  const { api, logger, now } = deps;
  const sleep = deps.sleep ?? abortableSleep;
  const stopping = new AbortController();
  const running = new Map<string, Running>();
  /** Ids taken here (running or done) until their deadline: a redelivered copy is dropped. */
  const taken = new Map<string, number>();
  /** Delivered beyond the free slots (the stream's credit is a bound, not a promise). */
  const backlog: Array<{ command: AgentCommand; at: number }> = [];
  const tasks = new Set<Promise<void>>();
  let slotFreed: (() => void) | null = null;
  let leaseMs = DEFAULT_LEASE_MS;
  let mode: 'stream' | 'poll' = deps.channel === 'poll' ? 'poll' : 'stream';
  let lastBeat = -Infinity;
  let pollingSince = 0;
  /** The stream is asked for on the bare connection until something on the way refuses that. */
  let upgrade = true;
  /** This process among the cluster's agents: its newer stream retires its older ones. */
  const instance = randomUUID();
  /** The liveness callback, at most once a second (it may write a file). */
  const beat = () => {
    const t = now();
    if (t - lastBeat < 1000) return;
    lastBeat = t;
    deps.heartbeat?.();
  };

  function take(command: AgentCommand): void {
    if (taken.has(command.id)) {
      // The API handed it out again (its lease lapsed while this agent was paused): the first
      // copy answers; answering this one would replace a result with a refusal.
      logger.info({ commandId: command.id }, 'dropped a redelivered copy of a command taken here');
      return;
    }
    taken.set(command.id, now() + UNKNOWN_DEADLINE_MS);
    if (running.size < deps.concurrency) start(command);
    else backlog.push({ command, at: now() });
  }

  function start(command: AgentCommand): void {
    const entry: Running = { startedAt: now(), deadline: null };
    running.set(command.id, entry);
    const task = handle(command, entry)
      .catch((err: unknown) =>
        logger.error({ commandId: command.id, err: describeError(err) }, 'command failed'),
      )
      .finally(() => {
        running.delete(command.id);
        tasks.delete(task);
        const next = backlog.shift();
        if (next) start(next.command);
        else slotFreed?.();
      });
    tasks.add(task);
  }

  async function handle(command: AgentCommand, entry: Running): Promise<void> {
    const onVerified = (claims: EnvelopeClaims) => {
      entry.deadline = claims.exp * 1000;
      taken.set(command.id, entry.deadline + REDELIVERY_SKEW_MS);
    };
    const result = await execute(deps, command, onVerified);
    // Past its signed deadline: the API has expired it and nobody waits for an answer.
    if (result === null) return;
    deps.health?.commandDone(result.redactions);
    logger.debug(
      { commandId: command.id, verb: result.command[0], status: result.status },
      'command executed',
    );
    await post(command.id, result, (entry.deadline ?? now()) + RESULT_GRACE_MS);
  }

  /**
   * Retried with backoff until stored, refused for good, or past `until`: an API restart or a
   * short store outage must not lose a result the client is waiting for.
   */
  async function post(id: string, result: AgentResultPost, until: number): Promise<void> {
    const backoff = createBackoff(100, 2_000);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await api.postResult(id, result);
        if (outcome === 'duplicate') logger.info({ commandId: id }, 'another answer was first');
        return;
      } catch (err) {
        const permanent =
          err instanceof ApiError &&
          err.status >= 400 &&
          err.status < 500 &&
          err.status !== 408 &&
          err.status !== 429;
        const delay = backoff.next();
        if (permanent || now() + delay > until) {
          logger.error({ commandId: id, err: describeError(err), attempt }, 'result not delivered');
          return;
        }
        await sleep(delay, new AbortController().signal);
      }
    }
  }

  /** Renews the leases of commands running longer than a third of the lease; forgets old ids. */
  async function keepLeases(): Promise<void> {
    const t = now();
    // Oldest first; ids arrive roughly in deadline order, so stop at the first one still due.
    for (const [id, forgetAt] of taken) {
      if (forgetAt > t && taken.size <= MAX_TAKEN) break;
      taken.delete(id);
    }
    const slow = [...running]
      .filter(([, r]) => t - r.startedAt >= leaseMs / 3 && (r.deadline === null || r.deadline > t))
      .map(([id]) => id);
    if (slow.length === 0) return;
    try {
      await api.renewLeases(slow);
    } catch (err) {
      logger.warn({ err: describeError(err), commands: slow.length }, 'leases not renewed');
    }
  }

  function freeSlots(): number {
    return Math.max(0, deps.concurrency - running.size - backlog.length);
  }

  function waitForSlot(): Promise<void> {
    if (freeSlots() > 0 || stopping.signal.aborted) return Promise.resolve();
    // One resolver, replaced each turn; stop() calls it too: no listener piles up.
    return new Promise((resolve) => {
      slotFreed = () => {
        slotFreed = null;
        resolve();
      };
    });
  }

  function upgradeNoMore(why: string): void {
    upgrade = false;
    logger.info(
      { reason: why },
      'the stream on the bare connection failed; using the plain stream',
    );
  }

  async function streamOnce(): Promise<void> {
    // The hello must come within the timeout counted from the request, headers included: a
    // proxy that holds the whole response back, or a dead kept-alive connection, fails it too.
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    stopping.signal.addEventListener('abort', stop, { once: true });
    let greeted = false;
    const helloTimer = setTimeout(() => {
      if (!greeted) attempt.abort(new StreamUnusable('buffered'));
    }, deps.helloTimeoutMs ?? 10_000);
    try {
      const res = await api.openStream(deps.concurrency, instance, attempt.signal, upgrade);
      if (upgrade && upgradeRefused(res.status)) {
        res.body.destroy();
        upgradeNoMore(`HTTP ${res.status}`);
        return;
      }
      await readStream(
        res,
        handlers(() => (greeted = true)),
        {
          helloTimeoutMs: deps.helloTimeoutMs ?? 10_000,
          now,
        },
      );
    } catch (err) {
      const reason: unknown = attempt.signal.reason;
      const unusable = reason instanceof StreamUnusable ? reason : err;
      // No hello on the switched connection: the plain stream is tried before long polls.
      if (upgrade && unusable instanceof StreamUnusable && unusable.why === 'buffered') {
        upgradeNoMore('no hello in time');
        return;
      }
      throw unusable;
    } finally {
      clearTimeout(helloTimer);
      stopping.signal.removeEventListener('abort', stop);
    }
  }

  /** The API refused the token: said once, then quiet until it accepts one again. */
  let refused: TokenRefused | null = null;
  const tokenBackoff = createBackoff(...(deps.tokenRetryMs ?? TOKEN_RETRY_MS));
  function tokenAccepted(): void {
    if (!refused) return;
    refused = null;
    tokenBackoff.reset();
    logger.info('the API accepts the agent token again');
  }
  function tokenRefusedNow(err: TokenRefused): number {
    if (!refused)
      logger.error(
        { reason: err.reason },
        `${err.message}: give the agent a valid token (PORTHOLE_AGENT_TOKEN); retrying every few minutes`,
      );
    refused = err;
    return tokenBackoff.next();
  }

  let lastReport = -Infinity;
  let reporting = false;
  let kubeReachableSaid = true;
  let healthFailure: string | null = null;
  /** Reports health on schedule (probing the apiserver first), or sooner when reachability changed. */
  async function reportHealth(): Promise<void> {
    const health = deps.health;
    if (!health || reporting || refused) return;
    const t = now();
    const due = t - lastReport >= AGENT_HEALTH_INTERVAL_MS;
    if (!due && !(health.changed() && t - lastReport >= HEALTH_MIN_GAP_MS)) return;
    reporting = true;
    lastReport = t;
    try {
      if (due) await health.probe();
      const oldest = backlog[0];
      const snapshot = health.snapshot({
        inFlight: running.size,
        queueAgeMs: oldest ? now() - oldest.at : 0,
      });
      // Said when it changes, not on every probe.
      if (snapshot.kubeReachable !== kubeReachableSaid) {
        kubeReachableSaid = snapshot.kubeReachable;
        if (snapshot.kubeReachable) logger.info('the Kubernetes API answers again');
        else
          logger.warn(
            { kubeError: snapshot.lastKubeError?.message ?? null },
            'the Kubernetes API does not answer',
          );
      }
      await api.reportHealth(snapshot);
      if (healthFailure !== null) logger.info('health reported again');
      healthFailure = null;
    } catch (err) {
      if (err instanceof TokenRefused) {
        tokenRefusedNow(err);
        return;
      }
      // Once per distinct failure, not every report: the channel's own lines say the rest.
      const text = describeError(err).message;
      if (text !== healthFailure) logger.warn({ err: describeError(err) }, 'health not reported');
      healthFailure = text;
    } finally {
      reporting = false;
    }
  }

  function handlers(greet: () => void) {
    return {
      hello: (hello: Hello) => {
        greet();
        tokenAccepted();
        if (deps.clusterId !== undefined && hello.clusterId !== deps.clusterId)
          throw new WrongClusterError(
            `the agent token is for cluster ${hello.clusterId}, not ${deps.clusterId} (PORTHOLE_CLUSTER_ID)`,
          );
        leaseMs = hello.leaseMs;
        logger.info({ clusterId: hello.clusterId }, 'command stream open');
      },
      command: take,
      alive: beat,
      uplink: (uplink: ResultUplink | null) => api.useUplink(uplink),
    };
  }

  async function pollOnce(): Promise<void> {
    await waitForSlot();
    if (stopping.signal.aborted) return;
    const commands = await api.poll(deps.pollWaitSeconds ?? 20, freeSlots(), stopping.signal);
    tokenAccepted();
    for (const command of commands) take(command);
  }

  return {
    async run() {
      const backoff = createBackoff(250, RECONNECT_MAX_MS);
      const leaseTimer = setInterval(() => {
        void keepLeases();
        void reportHealth();
        // Waiting minutes for a valid token is on purpose, not a stuck loop: the liveness file
        // says the agent is alive meanwhile.
        if (refused) beat();
      }, 1000);
      leaseTimer.unref();
      void reportHealth();
      try {
        while (!stopping.signal.aborted) {
          beat();
          // A proxy may change, an API be upgraded: the stream is tried again now and then.
          if (mode === 'poll' && deps.channel !== 'poll' && now() - pollingSince > STREAM_RETRY_MS)
            mode = 'stream';
          try {
            await (mode === 'stream' ? streamOnce() : pollOnce());
            backoff.reset();
          } catch (err) {
            if (stopping.signal.aborted) break;
            if (err instanceof WrongClusterError) throw err;
            if (err instanceof TokenRefused) {
              await sleep(tokenRefusedNow(err), stopping.signal);
              continue;
            }
            if (err instanceof StreamUnusable) {
              mode = 'poll';
              pollingSince = now();
              logger.warn({ reason: err.message }, 'falling back to long polls');
              continue;
            }
            const delay = backoff.next();
            logger.warn({ err: describeError(err), retryInMs: delay }, `${mode} failed`);
            await sleep(delay, stopping.signal);
          }
        }
      } finally {
        // Commands already taken still run and post, backlog included.
        while (tasks.size > 0) await Promise.allSettled([...tasks]);
        clearInterval(leaseTimer);
      }
    },
    stop() {
      stopping.abort();
      slotFreed?.();
    },
    inFlight: () => running.size,
    channel: () => mode,
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * An answer to the upgraded ask that says something on the way refused it (a proxy that does not
 * pass upgrades): not the stream (101, 2xx) and none of the API's own refusals, which the plain
 * stream would get too.
 */
function upgradeRefused(status: number): boolean {
  if (status === 101 || (status >= 200 && status <= 299)) return false;
  return ![401, 404, 405, 429, 503].includes(status);
}
