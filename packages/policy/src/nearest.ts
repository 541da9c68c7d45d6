// Nearest allowed word for a misspelling (flags, verbs, output formats, resource types).

/** Optimal-string-alignment Damerau–Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/**
 * The allowed words closest to `given`: distance 1, else 2 (for words of 4+ characters), else
 * those `given` is a prefix of (3+ characters). Several only when they tie; none when nothing is
 * close. Case-insensitive; candidates keep their own spelling and order.
 */
export function nearest(given: string, candidates: Iterable<string>): string[] {
  const g = given.toLowerCase();
  if (g.length < 2) return [];
  const byDistance: string[][] = [[], [], []];
  const prefixed: string[] = [];
  for (const c of candidates) {
    const l = c.toLowerCase();
    if (l === g) return [c];
    const d = editDistance(g, l, 2);
    if (d <= 2 && (d === 1 || g.length >= 4)) byDistance[d]?.push(c);
    else if (g.length >= 3 && l.startsWith(g)) prefixed.push(c);
  }
  return byDistance[1]?.length ? byDistance[1] : byDistance[2]?.length ? byDistance[2] : prefixed;
}
