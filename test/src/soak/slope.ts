// Least-squares trend of a sampled series, to tell growth from a sawtooth around a level.

export interface Trend {
  n: number;
  /** Units per minute. */
  slopePerMin: number;
  mean: number;
  first: number;
  last: number;
}

/** Fits y = a + b·t over `points` ([seconds, value]); the slope is given per minute. */
export function trend(points: Array<[number, number]>): Trend | null {
  const n = points.length;
  if (n < 3) return null;
  const mt = points.reduce((s, [t]) => s + t, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, y] of points) {
    num += (t - mt) * (y - my);
    den += (t - mt) ** 2;
  }
  return {
    n,
    slopePerMin: den === 0 ? 0 : (num / den) * 60,
    mean: my,
    first: points[0]![1],
    last: points[n - 1]![1],
  };
}
