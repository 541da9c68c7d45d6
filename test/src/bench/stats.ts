// Percentiles of latency samples, for the benchmark report.

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

/** The sample at quantile q (0..1) of already sorted samples; NaN when there are none. */
function at(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** The sample at quantile q (0..1). */
export function quantile(samples: number[], q: number): number {
  return at(
    [...samples].sort((a, b) => a - b),
    q,
  );
}

export function summarize(samplesMs: number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: at(sorted, 0.5),
    p99: at(sorted, 0.99),
    mean: sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length),
  };
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
