// The Dockerfiles, checked against the workspace graph and the charts (no Docker engine needed);
// built and run for real when PORTHOLE_DOCKER_TESTS=1 and a Docker engine answers.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../harness/process.js';
import { CHARTS, DEPLOY_DIR, render } from './render.js';

const run = promisify(execFile);

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const workspaces = (readJson(join(REPO_ROOT, 'package.json')) as { workspaces: string[] })
  .workspaces;
const manifests = new Map<string, { dir: string; manifest: Manifest }>(
  workspaces.map((dir) => {
    const manifest = readJson(join(REPO_ROOT, dir, 'package.json')) as Manifest;
    return [manifest.name, { dir, manifest }];
  }),
);

/** The workspace directories a component needs at run time: its production @porthole/* closure. */
function runtimeWorkspaces(name: string): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    const entry = manifests.get(n);
    if (!entry || seen.has(entry.dir)) return;
    seen.add(entry.dir);
    for (const dep of Object.keys(entry.manifest.dependencies ?? {})) visit(dep);
  };
  visit(name);
  return [...seen].sort();
}

interface Stage {
  from: string;
  name: string | undefined;
  lines: string[];
}

function stages(dockerfile: string): Stage[] {
  const text = dockerfile.replace(/\\\n/g, ' ');
  const result: Stage[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ from: from[1] as string, name: from[2], lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

const components = [
  {
    component: 'api',
    workspace: '@porthole/api',
    cmd: ['node', 'api/dist/main.js'],
    expose: ['8080', '9464'],
  },
  {
    component: 'agent',
    workspace: '@porthole/agent',
    cmd: ['node', 'agent/dist/main.js'],
    expose: [] as string[],
  },
] as const;

describe.each(components)(
  'deploy/docker/$component.Dockerfile',
  ({ component, workspace, cmd, expose }) => {
    const file = join(DEPLOY_DIR, 'docker', `${component}.Dockerfile`);
    const text = readFileSync(file, 'utf8');
    const all = stages(text);
    const final = all.at(-1) as Stage;
    const argDefault = /^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1];

    test('is multi-stage on a slim Node 20 base and ends in a stage with no build tools', () => {
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(argDefault).toMatch(/^node:20[.\d]*-bookworm-slim(@sha256:[a-f0-9]{64})?$/);
      expect(all.every((s) => s.from === '${NODE_IMAGE}')).toBe(true);
      expect(final.lines.some((l) => l.startsWith('RUN npm') || l.startsWith('RUN npx'))).toBe(
        false,
      );
      expect(final.lines.find((l) => l.startsWith('RUN rm -rf'))).toMatch(
        /node_modules\/npm .*corepack/,
      );
    });

    test('installs production dependencies of its own workspace only', () => {
      const deps = all.find((s) => s.lines.some((l) => l.includes('--omit=dev')));
      expect(deps?.lines.find((l) => l.includes('--omit=dev'))).toBe(
        `RUN npm ci --omit=dev --workspace=${workspace} --ignore-scripts --no-audit --no-fund`,
      );
      expect(final.lines).toContain(`COPY --from=${deps?.name} /app/node_modules/ node_modules/`);
      const build = all.find((s) => s.lines.some((l) => l.includes('turbo run build')));
      expect(build?.lines.find((l) => l.includes('turbo run build'))).toBe(
        `RUN npx turbo run build --filter=${workspace}...`,
      );
    });

    test('copies the manifest of every workspace before npm ci, in the build and the deps stages', () => {
      for (const stage of all.slice(0, 2)) {
        // `COPY [--from=build] [/src/]<dir>/package.json <dir>/`; the root manifest is not a workspace.
        const dirs = stage.lines
          .map((l) => /^COPY (?:--from=\S+ )?(?:\/src\/)?(\S+)\/package\.json \S+\/$/.exec(l)?.[1])
          .filter((d): d is string => d !== undefined);
        expect(dirs.sort(), stage.name).toEqual([...workspaces].sort());
      }
    });

    test('ships exactly the compiled workspaces the component imports at run time', () => {
      const shipped = final.lines
        .map((l) => /^COPY --from=\S+ \/src\/(\S+)\/dist\/ \S+$/.exec(l)?.[1])
        .filter((d): d is string => d !== undefined)
        .sort();
      expect(shipped).toEqual(runtimeWorkspaces(workspace));
      expect(runtimeWorkspaces(workspace)).not.toContain('test');
    });

    test('runs as the numeric non-root user the charts run as, with the contract start command', async () => {
      const user = final.lines.find((l) => l.startsWith('USER'));
      expect(user).toMatch(/^USER \d+:\d+$/);
      const [uid, gid] = (user as string).slice(5).split(':').map(Number);
      expect(uid).toBeGreaterThan(0);
      expect(gid).toBeGreaterThan(0);
      const chart = component === 'api' ? 'porthole' : 'porthole-agent';
      const objects = await render(chart, [], CHARTS[chart].required);
      const workload = objects.find(
        (o) => o.kind === 'Deployment' && !o.metadata.name.endsWith('-redis'),
      ) as any;
      expect(workload.spec.template.spec.securityContext).toMatchObject({
        runAsUser: uid,
        runAsGroup: gid,
      });
      expect(final.lines.find((l) => l.startsWith('CMD'))).toBe(
        `CMD ${JSON.stringify(cmd).replaceAll(',', ', ')}`,
      );
      const exposed = final.lines
        .filter((l) => l.startsWith('EXPOSE'))
        .flatMap((l) => l.split(/\s+/).slice(1));
      expect(exposed).toEqual(expose);
      if (component === 'agent') {
        // The liveness probe runs the image's own node on the heartbeat file.
        const probe = workload.spec.template.spec.containers[0].livenessProbe.exec.command;
        expect(probe[0]).toBe(cmd[0]);
      }
    });

    test('copies only paths that exist, carries no secret, and has a context filter', () => {
      for (const line of all
        .flatMap((s) => s.lines)
        .filter((l) => /^COPY\s/.test(l) && !l.includes('--from='))) {
        const sources = line.split(/\s+/).slice(1, -1);
        for (const source of sources)
          expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
      }
      expect(text).not.toMatch(/^\s*ADD\s/m);
      expect(text).not.toMatch(/^(ARG|ENV)\s+\S*(TOKEN|KEY|PASSWORD|SECRET)/im);
      const ignore = readFileSync(`${file}.dockerignore`, 'utf8');
      for (const pattern of ['**/node_modules', '**/dist', '.git', '.tools', '**/.env'])
        expect(ignore).toContain(`${pattern}\n`);
    });
  },
);

// A real build needs a Docker engine and minutes: opt in with PORTHOLE_DOCKER_TESTS=1.
async function dockerAnswers(): Promise<boolean> {
  if (process.env.PORTHOLE_DOCKER_TESTS !== '1') return false;
  try {
    await run('docker', ['info'], { timeout: 5000 });
    return true;
  } catch (err) {
    console.warn(
      `PORTHOLE_DOCKER_TESTS=1 but no Docker engine answers: ${(err as Error).message.split('\n')[0]}`,
    );
    return false;
  }
}
const docker = await dockerAnswers();

describe.skipIf(!docker)('the images, built and run (PORTHOLE_DOCKER_TESTS=1)', () => {
  test.each(components)(
    '$component: builds, and starts on a read-only root as its user with no capabilities',
    async ({ component }) => {
      const tag = `porthole-${component}:test`;
      await run(
        'docker',
        [
          'build',
          '-f',
          join(DEPLOY_DIR, 'docker', `${component}.Dockerfile`),
          '-t',
          tag,
          REPO_ROOT,
        ],
        { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 900_000 },
      );
      const { stdout: user } = await run('docker', [
        'image',
        'inspect',
        tag,
        '--format',
        '{{.Config.User}}',
      ]);
      expect(user.trim()).toBe('10001:10001');
      const { stdout: npm } = await run('docker', [
        'run',
        '--rm',
        '--entrypoint',
        'sh',
        tag,
        '-c',
        'command -v npm || echo none',
      ]);
      expect(npm.trim()).toBe('none');
      const hardened = [
        'run',
        '--rm',
        '--read-only',
        '--tmpfs',
        '/tmp',
        '--cap-drop',
        'ALL',
        '--security-opt',
        'no-new-privileges',
      ];
      // Without configuration the agent must stop with its one-line reason; the API must start.
      const args =
        component === 'agent'
          ? [...hardened, tag]
          : [
              ...hardened,
              '-e',
              'PORTHOLE_PORT=0',
              '-e',
              'PORTHOLE_METRICS_PORT=0',
              '--stop-timeout',
              '5',
              tag,
            ];
      if (component === 'agent') {
        const result = await run('docker', args).then(
          () => ({ code: 0, stderr: '' }),
          (err: { code: number; stderr: string; stdout: string }) => ({
            code: err.code,
            stderr: `${err.stdout}${err.stderr}`,
          }),
        );
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/PORTHOLE_API_URL/);
      } else {
        const name = `porthole-api-test-${process.pid}`;
        await run('docker', [...args.slice(0, 2), '-d', '--name', name, ...args.slice(2)]);
        try {
          // Seconds at most, however busy the machine; the timeout only bounds a hang.
          await expect
            .poll(async () => (await run('docker', ['logs', name])).stdout, {
              timeout: 60_000,
              interval: 200,
            })
            .toMatch(/listening on/);
        } finally {
          await run('docker', ['rm', '-f', name]);
        }
      }
    },
    // The build alone may take up to its own 900 s timeout.
    1_200_000,
  );
});
