// `npm run chaos`: every fault scenario under steady load; prints the table, writes it as JSON,
// and exits non-zero when a target is missed. CHAOS_SCENARIOS=a,b picks some; see settings.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../harness/process.js';
import { SCENARIOS } from './catalogue.js';
import { markdownTable, type Row } from './report.js';
import { FULL, SHORT, fromEnv } from './settings.js';

const settings = fromEnv(process.env.CHAOS_SHORT === '1' ? SHORT : FULL);
const wanted = process.env.CHAOS_SCENARIOS?.split(',').map((s) => s.trim());
const unknown = wanted?.filter((w) => !SCENARIOS.some(([name]) => name === w)) ?? [];
if (unknown.length > 0) {
  console.error(
    `unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map(([n]) => n).join(', ')}`,
  );
  process.exit(2);
}
const reportFile = process.env.CHAOS_REPORT ?? join(REPO_ROOT, 'test/.vitest/chaos-report.json');

const rows: Row[] = [];
for (const [name, run] of SCENARIOS) {
  if (wanted && !wanted.includes(name)) continue;
  const started = Date.now();
  console.log(`${new Date().toISOString()} ${name}: running`);
  try {
    rows.push(await run(settings));
  } catch (err) {
    // A scenario that could not run is a missed target, not a crash of the whole table.
    rows.push({
      scenario: name,
      requests: 0,
      ok: 0,
      typed: 0,
      untyped: 0,
      hung: 0,
      duplicates: null,
      replaced: null,
      recoverySeconds: null,
      recoveryExpected: false,
      typedBy: {},
      samples: [],
      notes: [],
      misses: [`did not run: ${(err as Error).message.split('\n')[0]}`],
    });
  }
  console.log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

console.log(`\n${markdownTable(rows)}\n`);
mkdirSync(dirname(reportFile), { recursive: true });
writeFileSync(reportFile, `${JSON.stringify({ settings, rows }, null, 2)}\n`);
console.log(`written to ${reportFile}`);
process.exit(rows.some((r) => r.misses.length > 0) ? 1 : 0);
