// Load generators for the benchmark: a fixed number of requests, or a fixed time, at a width.
import { performance } from 'node:perf_hooks';

export async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** `total` calls of `fn`, `width` at a time; the latency of each. */
export async function pool(
  total: number,
  width: number,
  fn: () => Promise<void>,
): Promise<number[]> {
  const samples: number[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (started < total) {
        started++;
        samples.push(await timed(fn));
      }
    }),
  );
  return samples;
}

export interface LoadRun {
  /** Latency of every call that succeeded, ms. */
  samples: number[];
  errors: number;
  /** The first error's message, to say what went wrong without flooding the report. */
  firstError: string | null;
  /** From the first call to the last one ending, ms. */
  wallMs: number;
}

/** `clients` callers calling `fn` back to back for `seconds`; failures are counted, not thrown. */
export async function runFor(
  seconds: number,
  clients: number,
  fn: () => Promise<void>,
): Promise<LoadRun> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await fn();
          samples.push(performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  return { samples, errors, firstError, wallMs: performance.now() - start };
}

export const perSecond = (run: LoadRun) => run.samples.length / (run.wallMs / 1000);
