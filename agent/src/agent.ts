// createAgent: the poll loop that pulls commands, runs them with bounded concurrency, posts results.
import type { AgentResultPost, CommandEnvelope } from '@porthole/protocol';
import { describeError, type Logger } from '@porthole/runtime';
import { ApiError, type ApiClient } from './api-client.js';
import { createBackoff } from './backoff.js';
import { execute, type ExecuteDeps } from './execute.js';
import { DiscoveryCache } from '@porthole/kubectl';

export interface AgentDeps extends ExecuteDeps {
  api: ApiClient;
  logger: Logger;
  concurrency: number;
  /** Seconds the API may hold a poll open. */
  pollWaitSeconds?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called once per turn of the poll loop, whatever the poll's outcome (liveness). */
  heartbeat?: () => void;
}

export interface Agent {
  /** Runs until stop(); resolves once every in-flight command has posted its result. */
  run(): Promise<void>;
  stop(): void;
  inFlight(): number;
}

const RESULT_RETRY_LIMIT = 5;

export function createAgent(options: AgentDeps): Agent {
  const deps: AgentDeps = { ...options, discovery: options.discovery ?? new DiscoveryCache() };
  const { api, logger } = deps;
  const sleep = deps.sleep ?? abortableSleep;
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  let slotFreed: (() => void) | null = null;

  async function handle(command: CommandEnvelope): Promise<void> {
    const result = await execute(deps, command);
    // Past its signed deadline: the API has expired it and nobody waits for an answer.
    if (result === null) return;
    logger.info(
      {
        commandId: command.id,
        verb: result.command[0],
        status: result.status,
        durationMs: result.durationMs,
      },
      'command executed',
    );
    await post(command.id, result);
  }

  /** A result is retried on transient failures: losing it would leave the client waiting. */
  async function post(id: string, result: AgentResultPost): Promise<void> {
    const backoff = createBackoff(200, 5_000);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await api.postResult(id, result);
        if (outcome === 'duplicate')
          logger.info({ commandId: id }, 'another replica answered first');
        return;
      } catch (err) {
        const permanent = err instanceof ApiError && err.status >= 400 && err.status < 500;
        if (permanent || attempt >= RESULT_RETRY_LIMIT) {
          logger.error({ commandId: id, err: describeError(err), attempt }, 'result not delivered');
          return;
        }
        await sleep(backoff.next(), new AbortController().signal);
      }
    }
  }

  function track(command: CommandEnvelope): void {
    const task = handle(command)
      .catch((err: unknown) =>
        logger.error({ commandId: command.id, err: describeError(err) }, 'command failed'),
      )
      .finally(() => {
        running.delete(task);
        slotFreed?.();
      });
    running.add(task);
  }

  async function waitForSlot(): Promise<void> {
    while (running.size >= deps.concurrency && !stopping.signal.aborted) {
      await new Promise<void>((resolve) => {
        slotFreed = resolve;
        stopping.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      slotFreed = null;
    }
  }

  return {
    async run() {
      const backoff = createBackoff();
      while (!stopping.signal.aborted) {
        deps.heartbeat?.();
        await waitForSlot();
        if (stopping.signal.aborted) break;
        let commands: CommandEnvelope[];
        try {
          commands = await api.poll(
            deps.pollWaitSeconds ?? 20,
            deps.concurrency - running.size,
            stopping.signal,
          );
          backoff.reset();
        } catch (err) {
          if (stopping.signal.aborted) break;
          const delay = backoff.next();
          logger.warn({ err: describeError(err), retryInMs: delay }, 'poll failed');
          await sleep(delay, stopping.signal);
          continue;
        }
        for (const command of commands) track(command);
      }
      await Promise.allSettled([...running]);
    },
    stop() {
      stopping.abort();
    },
    inFlight: () => running.size,
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
