// The README's exit-code table says what `porthole --help` says: one set of facts, checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/process.js';
import { porthole } from './run.js';

it("documents in the README every exit code of porthole --help, in the help's words", async () => {
  const help = await porthole(['--help'], {});
  expect(help.code).toBe(0);
  const codes = [...help.stdout.matchAll(/^ {2}(\d) {2}(.+)$/gm)].map(([, code, meaning]) => ({
    code,
    meaning,
  }));
  expect(codes.map((c) => c.code)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('**Exit codes**'));
  const rows = [...table.matchAll(/^\| (\d) +\| (.+?) +\|$/gm)].map(([, code, meaning]) => ({
    code,
    meaning,
  }));
  expect(rows.map((r) => r.code)).toEqual(codes.map((c) => c.code));
  for (const [i, { meaning }] of codes.entries()) expect(rows[i]?.meaning).toContain(meaning!);
});
