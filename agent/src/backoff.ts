// Jittered exponential backoff, so a fleet of agents does not reconnect in lockstep.

export interface Backoff {
  next(): number;
  reset(): void;
}

export function createBackoff(
  baseMs = 500,
  maxMs = 30_000,
  random: () => number = Math.random,
): Backoff {
  let attempt = 0;
  return {
    next() {
      const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
      attempt = Math.min(attempt + 1, 30);
      // "Full jitter": anywhere between half the ceiling and the ceiling.
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
    reset() {
      attempt = 0;
    },
  };
}
