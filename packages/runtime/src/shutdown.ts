// Clean shutdown on SIGTERM/SIGINT: run the closers once, in order, then exit.
import type { Logger } from 'pino';
import { describeError } from './log.js';

export function onShutdown(logger: Logger, close: () => Promise<void>, graceMs = 10_000): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    // A hung closer must not keep the pod in Terminating forever.
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: describeError(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/** Print a one-line reason and exit non-zero: the contract for invalid configuration. */
export function exitWithReason(component: string, err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${component}: ${message.split('\n')[0]}\n`);
  process.exit(1);
}
