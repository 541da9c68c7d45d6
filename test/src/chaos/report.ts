// The chaos table: one row per scenario, its counts, and which targets it missed.
import type { Sent } from './load.js';

export interface Row {
  scenario: string;
  requests: number;
  ok: number;
  typed: number;
  untyped: number;
  hung: number;
  /** Extra executions at the kube-apiserver (a command's request seen more than once); null = not measured. */
  duplicates: number | null;
  /** Commands the agent ran to a full kube answer whose client got a failed Result. */
  replaced: number | null;
  /** Seconds from the repair to the first success of a fresh command; null = not measured. */
  recoverySeconds: number | null;
  /** Whether recovery was expected (a scenario with a repair). */
  recoveryExpected: boolean;
  /** The flooding scenario's measure: how much longer the other key's commands took. */
  extraWait?: { p50Ms: number; maxMs: number; baselineP50Ms: number; samples: number };
  /** Typed answers by what they said (an error code, or a failed Result). */
  typedBy: Record<string, number>;
  /** Up to five distinct untyped or hung details, to say what went wrong. */
  samples: string[];
  notes: string[];
  misses: string[];
}

export const RECOVERY_TARGET_SECONDS = 10;

/** What the table needs of one request. */
export type Counted = Pick<Sent, 'outcome' | 'detail' | 'label' | 'resultStatus'>;

export interface KubeCounts {
  seen: Map<string, number>;
  answered: Map<string, number>;
}

/** Counts of one scenario's requests, its duplicates and replaced results, and its missed targets. */
export function summarizeScenario(
  scenario: string,
  sent: Counted[],
  kube: KubeCounts | null,
  recovery: { seconds: number | null; expected: boolean },
  notes: string[] = [],
): Row {
  const count = (o: Counted['outcome']) => sent.filter((s) => s.outcome === o).length;
  let duplicates: number | null = null;
  let replaced: number | null = null;
  let unseen = 0;
  if (kube) {
    duplicates = 0;
    replaced = 0;
    for (const s of sent) {
      if (s.outcome === 'ok' && !kube.seen.has(s.label)) unseen++;
      duplicates += Math.max(0, (kube.seen.get(s.label) ?? 0) - 1);
      if (s.resultStatus !== null && s.resultStatus !== 'succeeded' && kube.answered.has(s.label))
        replaced++;
    }
  }
  const samples = [
    ...new Set(
      sent.filter((s) => s.outcome === 'untyped' || s.outcome === 'hung').map((s) => s.detail),
    ),
  ].slice(0, 5);
  const typedBy: Record<string, number> = {};
  for (const s of sent) if (s.outcome === 'typed') typedBy[s.detail] = (typedBy[s.detail] ?? 0) + 1;
  const row: Row = {
    scenario,
    requests: sent.length,
    ok: count('ok'),
    typed: count('typed'),
    untyped: count('untyped'),
    hung: count('hung'),
    duplicates,
    replaced,
    recoverySeconds: recovery.seconds,
    recoveryExpected: recovery.expected,
    typedBy,
    samples,
    notes,
    misses: [],
  };
  if (row.untyped > 0) row.misses.push(`${row.untyped} untyped`);
  if (row.hung > 0) row.misses.push(`${row.hung} hung`);
  if ((row.replaced ?? 0) > 0) row.misses.push(`${row.replaced} correct results replaced`);
  if (
    recovery.expected &&
    (recovery.seconds === null || recovery.seconds > RECOVERY_TARGET_SECONDS)
  )
    row.misses.push(
      `recovery ${recovery.seconds === null ? 'never' : `${recovery.seconds.toFixed(1)} s`} > ${RECOVERY_TARGET_SECONDS} s`,
    );
  if (row.ok === 0) row.misses.push('no request succeeded at all');
  // The duplicate and replaced counts rest on matching commands to kube requests by label.
  if (unseen > 0)
    row.misses.push(`${unseen} successes never seen at the kube-apiserver: counts unsound`);
  return row;
}

const cell = (n: number | null, digits = 0) => (n === null ? '—' : n.toFixed(digits));

export function markdownTable(rows: Row[]): string {
  const lines = [
    '| scenario | requests | ok | typed | untyped | hung | duplicates | replaced | recovery s | targets |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.requests} | ${r.ok} | ${r.typed} | ${r.untyped} | ${r.hung} | ${cell(r.duplicates)} | ${cell(r.replaced)} | ${r.recoveryExpected ? cell(r.recoverySeconds, 1) : '—'} | ${r.misses.length === 0 ? 'met' : `MISSED: ${r.misses.join('; ')}`} |`,
    ),
  ];
  const notes = rows.flatMap((r) => [
    ...(r.typed > 0
      ? [
          `- ${r.scenario}: typed: ${Object.entries(r.typedBy)
            .map(([what, n]) => `${n} ${what}`)
            .join(', ')}`,
        ]
      : []),
    ...r.notes.map((n) => `- ${r.scenario}: ${n}`),
    ...r.samples.map((s) => `- ${r.scenario}: untyped/hung sample: ${s}`),
  ]);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}
