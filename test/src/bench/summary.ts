// The benchmark's closing table: each target, what was measured, pass or fail, and the baseline.

export interface TargetRow {
  /** What is measured and the bound it is held to, e.g. `added latency p50 ≤ 3 ms`. */
  target: string;
  measured: string;
  /** null = reported for information, or not measured in this run. */
  pass: boolean | null;
  /** The same figure without the gateway (direct to kube-sim), or the state before the load. */
  baseline: string;
}

export function printSummary(rows: TargetRow[]): void {
  const verdict = (r: TargetRow) => (r.pass === null ? 'info' : r.pass ? 'PASS' : 'FAIL');
  const table = [
    ['target', 'measured', 'result', 'direct baseline'],
    ...rows.map((r) => [r.target, r.measured, verdict(r), r.baseline]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log('\nsummary (measured, never asserted: a FAIL here does not fail the run)');
  console.log(line(table[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
  const failed = rows.filter((r) => r.pass === false).length;
  const passed = rows.filter((r) => r.pass === true).length;
  console.log(`${passed} of ${passed + failed} targets met`);
}
