// Test Redis for suites that need a real one: REDIS_URL, else a container when a Docker engine
// answers, else a redis-server spawned on a free port (installed first on Debian as root).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  close(): Promise<void>;
  kind: 'env' | 'testcontainers' | 'spawned';
}

export interface SpawnedRedis {
  url: string;
  port: number;
  /** `127.0.0.1:<port>`, the form `clusterNodes` takes. */
  address: string;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  close(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would, and waits for it to exit. */
  kill(): Promise<void>;
}

/** A fresh key prefix, so each test owns its namespace on a shared Redis. */
export function randomPrefix(): string {
  return `t${randomBytes(6).toString('hex')}:`;
}

export async function startTestRedis(): Promise<TestRedis> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) return { url: fromEnv, kind: 'env', close: async () => {} };
  if (await dockerAnswers()) return startContainer();
  const server = await spawnRedisServer();
  return { url: server.url, kind: 'spawned', close: () => server.close() };
}

const READY_LINE = 'Ready to accept connections';
const START_TIMEOUT_MS = 10_000;

export interface SpawnOptions {
  /** Listen here instead of on a free port (to restart a killed server in place). */
  port?: number;
  /** `--requirepass`. */
  password?: string;
  /** Run as a one-node Redis Cluster holding every slot, so cluster rules (CROSSSLOT) apply. */
  cluster?: boolean;
}

/** Spawns `redis-server` in the foreground (no persistence) on a free port, or `port`. */
export async function spawnRedisServer(options: SpawnOptions = {}): Promise<SpawnedRedis> {
  const binary = ensureRedisServer();
  let lastError: unknown;
  // A free port found by binding may be taken again before redis-server binds it: retry.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(binary, port, options);
    } catch (err) {
      lastError = err;
      if (options.port !== undefined) break;
    }
  }
  throw lastError;
}

async function launch(binary: string, port: number, options: SpawnOptions): Promise<SpawnedRedis> {
  const { password } = options;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (password !== undefined) args.push('--requirepass', password);
  const workDir = options.cluster ? mkdtempSync(join(tmpdir(), 'porthole-redis-')) : null;
  if (workDir) {
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(workDir, 'nodes.conf'));
    // A lone node does not know its address; without this CLUSTER SLOTS names no host.
    args.push('--cluster-announce-ip', '127.0.0.1');
  }
  const removeWorkDir = () => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  };
  let server: RedisProcess;
  try {
    server = await startRedisProcess(binary, args, workDir);
  } catch (err) {
    removeWorkDir();
    throw err;
  }
  const stop = async (signal: NodeJS.Signals) => {
    await server.stop(signal);
    removeWorkDir();
  };
  if (options.cluster) {
    try {
      await claimAllSlots(port, password);
    } catch (err) {
      await stop('SIGKILL');
      throw err;
    }
  }
  const auth = password === undefined ? '' : `:${encodeURIComponent(password)}@`;
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    address: `127.0.0.1:${port}`,
    close: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
  };
}

/** A redis-server running in the foreground, owned by this test process. */
export interface RedisProcess {
  /** Sends `signal` (SIGTERM escalates to SIGKILL after 2 s) and resolves once it exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
  /** Whether it has exited (killed, or crashed). */
  exited(): boolean;
}

/** Starts `binary args` and resolves once it accepts connections; killed if this process exits. */
export async function startRedisProcess(
  binary: string,
  args: string[],
  cwd: string | null,
): Promise<RedisProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: cwd ?? undefined });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes(READY_LINE)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    function fail(err: Error) {
      cleanup();
      child.kill('SIGKILL');
      process.off('exit', killOnExit);
      reject(err);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)),
    );
    child.once('exit', onExit);
  });
  // Keep draining its output so a full pipe never blocks the server.
  child.stdout?.resume();
  const isExited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    exited: isExited,
    stop: async (signal) => {
      if (!isExited()) {
        child.kill(signal);
        const escalate = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(escalate);
      }
      process.off('exit', killOnExit);
    },
  };
}

/** Makes a fresh cluster node own all 16384 slots and waits until the cluster says ok. */
async function claimAllSlots(port: number, password: string | undefined): Promise<void> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    ...(password === undefined ? {} : { password }),
  });
  try {
    await client.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    const until = Date.now() + START_TIMEOUT_MS;
    while (!String(await client.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) {
      if (Date.now() > until)
        throw new Error('the one-node Redis Cluster did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    client.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch (err) {
      // Not in this directory: try the next one.
      void err;
    }
  }
  return null;
}

const INSTALL_COMMAND = 'apt-get install -y --no-install-recommends redis-server';

/** The redis-server binary; installed with apt-get when missing and allowed (root on Debian). */
export function ensureRedisServer(): string {
  const found = findOnPath('redis-server');
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      spawnSync('apt-get', INSTALL_COMMAND.split(' ').slice(1), { stdio: 'inherit', env });
    if (install().status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      install();
    }
    const installed = findOnPath('redis-server');
    if (installed) return installed;
    throw new Error(
      `redis-server is missing and \`${INSTALL_COMMAND}\` did not install it; set REDIS_URL to a Redis you own`,
    );
  }
  throw new Error(
    `redis-server is missing: install it (on Debian/Ubuntu: \`sudo ${INSTALL_COMMAND}\`), ` +
      'or set REDIS_URL to a Redis you own, or start a Docker engine',
  );
}

/** Whether a Docker engine answers `GET /_ping` quickly (a socket file alone is not enough). */
async function dockerAnswers(): Promise<boolean> {
  const host = process.env.DOCKER_HOST;
  let target: { socketPath: string } | { host: string; port: number } | null = null;
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else if (host?.startsWith('unix://')) {
    target = { socketPath: host.slice('unix://'.length) };
  } else {
    const candidates = [
      '/var/run/docker.sock',
      join(homedir(), '.docker/run/docker.sock'),
      join(homedir(), '.docker/desktop/docker.sock'),
      process.env.XDG_RUNTIME_DIR ? join(process.env.XDG_RUNTIME_DIR, 'docker.sock') : '',
    ];
    const socketPath = candidates.find((path) => path !== '' && existsSync(path));
    if (socketPath) target = { socketPath };
  }
  if (!target) return false;
  const endpoint = target;
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: '/_ping', method: 'GET', timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy(new Error('docker ping timed out')));
    req.once('error', () => resolve(false));
    req.end();
  });
}

async function startContainer(): Promise<TestRedis> {
  // Loaded only here: without a Docker engine the package is never touched.
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('redis:7-alpine')
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(READY_LINE))
    .start();
  return {
    url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
    kind: 'testcontainers',
    close: async () => {
      await container.stop();
    },
  };
}
