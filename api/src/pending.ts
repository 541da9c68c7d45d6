// One read shared by the callers that ask while it is under way. prom-client starts every
// collector of a scrape in the same turn: without this, each asked the store the same question
// (at 10,000 clusters, a list of 10,000 ids and a set rebuilt from it, per collector).

/** `read`, joined by calls made while it is pending; the next call after it settles reads again. */
export function joinWhilePending<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (pending) return pending;
    const started = read();
    pending = started;
    const done = () => {
      if (pending === started) pending = null;
    };
    started.then(done, done);
    return started;
  };
}
