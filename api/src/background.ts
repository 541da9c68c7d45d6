// The periodic work of each API replica: time out commands nobody waits for, notice agents that
// went quiet, and close rate-limit audit windows. Started by main (createApi's startBackground)
// and stopped on shutdown; every replica runs it, and the store decides which one acts.
import { describeError } from '@porthole/runtime';
import type { Services } from './context.js';
import { sweepExpired } from './commands/outcomes.js';
import { checkPresence, presenceIntervalMs } from './presence-watch.js';

/** How often each replica sweeps commands past their deadline and closes rate-limit windows. */
export const SWEEP_INTERVAL_MS = 1000;

export interface Background {
  /** Stops the timers, waits for a tick in progress, and emits the counts still held. */
  stop(): Promise<void>;
}

export function startBackground(
  services: Services,
  options: { sweepIntervalMs?: number } = {},
): Background {
  const tasks = [
    every(services, 'command expiry sweep', options.sweepIntervalMs ?? SWEEP_INTERVAL_MS, () => {
      services.rateLimitAudit.flush();
      return sweepExpired(services);
    }),
    every(services, 'presence check', presenceIntervalMs(services), () => checkPresence(services)),
  ];
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
      services.rateLimitAudit.flush(true);
    },
  };
}

/**
 * Runs `tick` every `intervalMs`, never two at once. A failure (the store away) is logged once
 * until a tick succeeds again, so an outage does not flood the log.
 */
function every(
  services: Services,
  name: string,
  intervalMs: number,
  tick: () => Promise<unknown>,
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let failing = false;
  const run = () => {
    if (running) return;
    running = tick()
      .then(
        () => {
          if (failing) services.logger.info({ task: name }, `${name} recovered`);
          failing = false;
        },
        (err: unknown) => {
          if (!failing)
            services.logger.warn({ err: describeError(err), task: name }, `${name} failed`);
          failing = true;
        },
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
