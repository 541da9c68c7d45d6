// A token bucket for requests to the kube-apiserver (PORTHOLE_KUBE_QPS, PORTHOLE_KUBE_BURST), in
// the spirit of client-go's limiter and API Priority and Fairness: however many commands arrive,
// the agent never sends the apiserver more than it was allowed.

export interface KubeRateLimiter {
  /** Resolves when a request may go; rejects with the signal's reason if it aborts first. */
  take(signal?: AbortSignal): Promise<void>;
}

export function createKubeRateLimiter(
  qps: number,
  burst: number,
  now: () => number = () => performance.now(),
): KubeRateLimiter {
  let tokens = burst;
  let refilledAt = now();
  /** Requests waiting for a token, served in arrival order by one timer. */
  const waiting: Array<{ go: () => void }> = [];
  let timer: NodeJS.Timeout | null = null;

  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - refilledAt) * qps) / 1000);
    refilledAt = t;
  };
  const serve = () => {
    timer = null;
    refill();
    while (waiting.length > 0 && tokens >= 1) {
      tokens -= 1;
      waiting.shift()!.go();
    }
    if (waiting.length > 0) timer = setTimeout(serve, Math.ceil(((1 - tokens) * 1000) / qps));
  };

  return {
    take(signal) {
      refill();
      if (waiting.length === 0 && tokens >= 1) {
        tokens -= 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const entry = {
          go: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const at = waiting.indexOf(entry);
          if (at >= 0) waiting.splice(at, 1);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(entry);
        if (!timer) serve();
      });
    },
  };
}
