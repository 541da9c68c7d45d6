// The chart's bundled Redis configuration, run by a real redis-server: AUTH, refused commands, and the store on top.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisStore } from '@porthole/store';
import { randomPrefix, runStoreConformance } from '@porthole/store/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from './ports.js';
import { render } from './render.js';

let server: ChildProcess | undefined;
let dataDir: string;
let port: number;
let password: string;
let url: string;

function redisServerBinary(): string {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/local/bin']) {
    try {
      accessSync(join(dir, 'redis-server'), constants.X_OK);
      return join(dir, 'redis-server');
    } catch {
      // Not in this directory; try the next.
    }
  }
  throw new Error(
    'redis-server is missing; install it with: sudo apt-get install -y --no-install-recommends redis-server',
  );
}

/** One command over a fresh connection (after AUTH when given); resolves with Redis' first reply line. */
function ask(command: string[], auth?: string): Promise<string> {
  const encode = (args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let buffer = '';
    let skip = auth === undefined ? 0 : 1;
    socket.setTimeout(5000, () => socket.destroy(new Error(`no reply to ${command[0]}`)));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline = buffer.indexOf('\r\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (skip > 0) {
          skip -= 1;
          if (!line.startsWith('+OK'))
            return void (socket.destroy(), reject(new Error(`AUTH failed: ${line}`)));
        } else {
          socket.end();
          return void resolve(line);
        }
        newline = buffer.indexOf('\r\n');
      }
    });
    socket.on('error', reject);
    socket.write((auth === undefined ? '' : encode(['AUTH', auth])) + encode(command));
  });
}

beforeAll(async () => {
  const objects = await render('porthole');
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'porthole-redis');
  const data = (secret?.data ?? {}) as Record<string, string>;
  const decode = (key: string) => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
  password = decode('password');
  const conf = decode('redis.conf');
  // Only where and on which port it listens change; every security setting is the chart's.
  for (const line of ['port 6379', 'bind 0.0.0.0 -::*', 'dir /data'])
    expect(conf).toContain(`${line}\n`);
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'porthole-bundled-redis-'));
  const local = conf
    .replace('port 6379\n', `port ${port}\n`)
    .replace('bind 0.0.0.0 -::*\n', 'bind 127.0.0.1\n')
    .replace('dir /data\n', `dir ${dataDir}\n`);
  const confFile = join(dataDir, 'redis.conf');
  writeFileSync(confFile, local, { mode: 0o600 });
  const child = spawn(redisServerBinary(), [confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}) with the chart's configuration:\n${output}`));
    });
  });
  url = `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}/0`;
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    const escalate = setTimeout(() => server?.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(escalate);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the bundled Redis configuration', () => {
  test('refuses every command without the password, and a wrong password', async () => {
    expect(await ask(['PING'])).toMatch(/^-NOAUTH/);
    expect(await ask(['GET', 'porthole:x'])).toMatch(/^-NOAUTH/);
    expect(await ask(['AUTH', 'not-the-password'])).toMatch(/^-WRONGPASS/);
  });

  test('with the password, answers the commands the store needs', async () => {
    expect(await ask(['PING'], password)).toBe('+PONG');
    expect(await ask(['SET', `${randomPrefix()}k`, 'v', 'PX', '1000'], password)).toBe('+OK');
    expect(await ask(['EVAL', 'return 1', '0'], password)).toBe(':1');
    expect(await ask(['PUBLISH', 'porthole:test', 'x'], password)).toMatch(/^:\d+$/);
    expect(await ask(['INFO', 'server'], password)).toMatch(/^\$\d+$/);
  });

  // NOPERM is the ACL; DEBUG is also switched off by Redis 7's own default. These go to this
  // file's own redis-server (spawned above with the chart's configuration), never a shared one,
  // and each is refused: nothing is flushed.
  test.each([
    [['FLUSHALL'], /^-NOPERM/],
    [['FLUSHDB'], /^-NOPERM/],
    [['CONFIG', 'GET', 'requirepass'], /^-NOPERM/],
    [['CONFIG', 'SET', 'save', '60 1'], /^-NOPERM/],
    [['KEYS', '*'], /^-NOPERM/],
    [['SAVE'], /^-NOPERM/],
    [['BGSAVE'], /^-NOPERM/],
    [['REPLICAOF', '127.0.0.1', '1'], /^-NOPERM/],
    [['MODULE', 'LIST'], /^-NOPERM/],
    [['ACL', 'LIST'], /^-NOPERM/],
    [['MONITOR'], /^-NOPERM/],
    [['SHUTDOWN'], /^-NOPERM/],
    [['DEBUG', 'SLEEP', '0'], /^-(NOPERM|ERR DEBUG command not allowed)/],
  ] as const)('refuses %j even with the password', async (command, refusal) => {
    expect(await ask([...command], password)).toMatch(refusal);
  });

  test('writes nothing to disk', () => {
    expect(readdirSync(dataDir).filter((f) => f !== 'redis.conf')).toEqual([]);
  });
});

// The whole store contract against exactly this configuration: the ACL must not refuse anything
// the product uses.
runStoreConformance('RedisStore on the bundled Redis configuration', async (options) => {
  const store = createRedisStore({ url, keyPrefix: randomPrefix(), ...options });
  await store.ping();
  return store;
});
