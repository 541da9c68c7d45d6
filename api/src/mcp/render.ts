// The text the MCP tools return to a model: kubectl's output untouched in its own block, and short
// notes (paging, refusals) in another, so the output is never mixed with what Porthole says.
import type { ClusterInfo } from '@porthole/protocol';
import type { ApiFailure } from './inner.js';

export interface TextBlock {
  type: 'text';
  text: string;
}

export const text = (value: string): TextBlock => ({ type: 'text', text: value });

/** What kubectl printed: its output, then its error as kubectl words it on stderr. */
export function commandText(result: { output: string; error: string | null }): string {
  if (result.error === null || result.error === '') return result.output;
  const gap = result.output === '' || result.output.endsWith('\n') ? '' : '\n';
  return `${result.output}${gap}${result.error}\n`;
}

/** Notes after an output: how to read the rest, and whether the agent cut it. */
export function pagingNotes(
  commandId: string,
  page: { nextCursor?: string | null; truncated?: boolean; outputBytes?: number },
): string[] {
  const notes: string[] = [];
  if (page.nextCursor) {
    const size = page.outputBytes === undefined ? '' : ` (${page.outputBytes} bytes in all)`;
    notes.push(
      `[more output${size}: call read_output with ${JSON.stringify({ commandId, cursor: page.nextCursor })}]`,
    );
  }
  if (page.truncated)
    notes.push(
      '[the agent cut this output at its size cap: narrow the command (-l, --tail, grep)]',
    );
  return notes;
}

/** An API error as the model reads it: code and message, then the rule and a suggestion. */
export function failureText(failure: Omit<ApiFailure, 'status'>): string {
  const lines = [`${failure.code}: ${failure.message}`];
  if (failure.rule !== undefined) lines.push(`rule: ${failure.rule}`);
  if (failure.suggestion !== undefined) lines.push(`suggestion: ${failure.suggestion}`);
  if (failure.commandId !== undefined) lines.push(`commandId: ${failure.commandId}`);
  return lines.join('\n');
}

/** A command as one would type it: arguments quoted only where a shell would need it. */
export function shellLine(argv: readonly string[]): string {
  return ['kubectl', ...argv]
    .map((arg) => (/^[\w@%+=:,./|-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

export function clustersTable(clusters: readonly ClusterInfo[]): string {
  if (clusters.length === 0) return 'No clusters are available to this credential.\n';
  const rows = [
    ['CLUSTER', 'CONNECTED', 'KUBERNETES', 'AGENT', 'LAST SEEN'],
    ...clusters.map((c) => [
      c.id,
      c.connected ? 'yes' : 'no',
      c.kubernetesVersion ?? '-',
      c.agentVersion ?? '-',
      c.lastSeenAt ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 2)))
        .join('')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
