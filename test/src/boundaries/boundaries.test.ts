// The module boundaries of .dependency-cruiser.cjs hold: run the real checker over every
// workspace, and prove each rule fires on a planted violation so a broken rule cannot pass.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/process.js';

const run = promisify(execFile);
/** Every workspace's source: the apps, each package, the cross-process suites. */
const CHECKED = [
  'api/src',
  'agent/src',
  ...readdirSync(join(REPO_ROOT, 'packages')).map((p) => `packages/${p}/src`),
  'test/src',
].filter((dir) => existsSync(join(REPO_ROOT, dir)));
const CRUISER = join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');

async function cruise(paths: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      CRUISER,
      [...paths, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      { cwd: REPO_ROOT, shell: false, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      out: `${e.stdout ?? ''}${e.stderr ?? ''}`,
    };
  }
}

describe('module boundaries', () => {
  it('holds across every workspace: no cycles, no app imported by a package, no deep imports', async () => {
    const result = await cruise(CHECKED);
    expect(result.out).not.toMatch(/error/);
    expect(result.code).toBe(0);
  });

  describe('each rule fires on a planted violation', () => {
    const planted: string[] = [];
    const plant = (dir: string, source: string): string => {
      const folder = mkdtempSync(join(REPO_ROOT, dir, 'zz-boundary-'));
      planted.push(folder);
      const file = join(folder, 'probe.ts');
      writeFileSync(file, source);
      return relative(REPO_ROOT, file);
    };
    afterAll(() => {
      for (const folder of planted) rmSync(folder, { recursive: true, force: true });
    });

    it.each([
      ['packages-never-import-apps', 'packages/protocol/src', "export * from '@porthole/agent';\n"],
      ['api-never-imports-agent', 'api/src', "export * from '@porthole/agent';\n"],
      ['agent-never-imports-api', 'agent/src', "export * from '@porthole/api';\n"],
      ['kubectl-is-pure', 'packages/kubectl/src', "export * from '@porthole/store';\n"],
      ['no-deep-imports', 'api/src', "export * from '../../../packages/policy/src/dns.js';\n"],
      ['resolvable', 'api/src', "export * from './no-such-module.js';\n"],
    ])('%s', async (rule, dir, source) => {
      const file = plant(dir, source);
      const result = await cruise([file]);
      expect(result.code).not.toBe(0);
      expect(result.out).toContain(rule);
    });

    it('no-cycles', async () => {
      const a = plant(
        'api/src',
        "import { b } from './b.js';\nexport const a = (): number => b;\n",
      );
      writeFileSync(
        join(REPO_ROOT, a, '..', 'b.ts'),
        "import { a } from './probe.js';\nexport const b = typeof a === 'function' ? 1 : 0;\n",
      );
      const result = await cruise([a]);
      expect(result.code).not.toBe(0);
      expect(result.out).toContain('no-cycles');
    });
  });
});
