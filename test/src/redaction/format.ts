// Plain-text summaries of redaction measurements, for the report script and assertion messages.
import type { CredentialCorpus } from '@porthole/kube-sim';
import type { FalseRedaction, Leak, Measurement } from './measure.js';

export const formatLeak = (l: Leak): string =>
  `[${l.policy}] ${l.id} (${l.shape}, ${l.place}${l.how === 'cut' ? ', cut by --limit-bytes' : ''}) in: ${l.command}`;

export const formatFalseRedaction = (f: FalseRedaction): string =>
  `[${f.policy}] ${f.id} (${f.place}${f.reason === 'failed' ? ', command failed' : ''}) in: ${f.command} — expected: ${f.expected}`;

/** Counts per key, largest first, as "key N" joined with commas. */
function tally<T>(items: T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/** The summary lines: corpus size, then per policy and in total, commands, leaks and false redactions. */
export function summaryLines(corpus: CredentialCorpus, measurements: Measurement[]): string[] {
  const leaks = measurements.flatMap((m) => m.leaks);
  const falseRedactions = measurements.flatMap((m) => m.falseRedactions);
  const lines = [
    `planted: ${corpus.credentials} credentials (${corpus.planted.length} must-not-appear values)`,
    `benign: ${corpus.benign.length} lines`,
  ];
  for (const m of measurements) {
    const leaked = new Set(m.leaks.map((l) => l.id));
    lines.push(
      `policy ${m.policy}: ${m.commands} commands (${m.failures.length} refused or failed: ${tally(m.failures, (f) => f.status) || 'none'}), ` +
        `${(m.outputBytes / 1024).toFixed(0)} KiB of output, ${m.leaks.length} leaks of ${leaked.size} values, ` +
        `${m.falseRedactions.length} false redactions`,
    );
  }
  lines.push(
    `commands run: ${measurements.reduce((n, m) => n + m.commands, 0)}`,
    `leaks: ${leaks.length} (${new Set(leaks.map((l) => l.id)).size} distinct values of ${new Set(leaks.map((l) => l.credential)).size} credentials)`,
    `false redactions: ${falseRedactions.length} (${new Set(falseRedactions.map((f) => f.id)).size} distinct benign lines)`,
  );
  if (leaks.length > 0) {
    const distinct = [...new Map(leaks.map((l) => [l.id, l])).values()];
    lines.push(`leaked values by shape: ${tally(distinct, (l) => l.shape)}`);
    lines.push(`leaked values by place: ${tally(distinct, (l) => l.place)}`);
  }
  if (falseRedactions.length > 0) {
    const distinct = [...new Map(falseRedactions.map((f) => [f.id, f])).values()];
    lines.push(`false redactions by place: ${tally(distinct, (f) => f.place)}`);
  }
  return lines;
}

/** The first `n` items, one per line, and how many more there were. */
export function firstOf<T>(items: T[], n: number, format: (item: T) => string): string {
  const shown = items.slice(0, n).map((item) => `  ${format(item)}`);
  if (items.length > n) shown.push(`  … and ${items.length - n} more`);
  return shown.join('\n');
}
