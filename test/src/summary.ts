// After the suites: one closing line with the totals of every workspace's vitest JSON report.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './harness/process.js';

// Every workspace with a test script reports: the root manifest is the one list of them.
const WORKSPACES = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces.filter((w) => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, w, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts?.test !== undefined;
});
const reports = WORKSPACES.map((w) => join(REPO_ROOT, w, '.vitest', 'results.json'));

if (process.argv.includes('--clean')) {
  for (const report of reports) rmSync(report, { force: true });
} else {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const missing: string[] = [];
  reports.forEach((report, i) => {
    if (!existsSync(report)) {
      missing.push(WORKSPACES[i]!);
      return;
    }
    const r = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
  });
  if (missing.length > 0) process.stdout.write(`no test report from: ${missing.join(', ')}\n`);
  process.stdout.write(
    `Tests: ${passed} passed, ${failed + missing.length} failed, ${skipped} skipped\n`,
  );
  process.exitCode = failed > 0 || missing.length > 0 ? 1 : 0;
}
