// The alerts end to end: a real Prometheus scrapes a running API with deploy/prometheus/alerts.yaml
// (each `for` shortened from minutes to seconds); a clean run fires nothing, provoked trouble fires.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStack, type Stack } from '../harness/stack.js';
import { ensurePrometheus } from '../harness/tools.js';
import { freePort } from './ports.js';
import { DEPLOY_DIR } from './render.js';

interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/** Per credential; high enough for the harness' own polling with the client key while agents connect. */
const RATE_LIMIT_PER_MINUTE = 60;
/**
 * The API stamps an agent's presence when a poll starts and the agent holds each poll for 20 s,
 * so the offline window must be longer than that or a waiting agent would read as disconnected.
 */
const OFFLINE_AFTER_SECONDS = 21;
/** How long provoked alerts are watched at most (all fire within about 30 s), in a 180 s test. */
const WATCH_MS = (OFFLINE_AFTER_SECONDS + 90) * 1000;
let stack: Stack;
let prometheus: ChildProcess | undefined;
let prometheusOutput = '';
let promUrl: string;
let dir: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The production rules, each `for: Nm` turned into `for: Ns`: same expressions, same thresholds. */
function shortenedRules(): string {
  const rules = readFileSync(join(DEPLOY_DIR, 'prometheus', 'alerts.yaml'), 'utf8');
  const shortened = rules.replace(/^(\s+for: )(\d+)m$/gm, '$1$2s');
  expect(shortened).not.toMatch(/^\s+for: \d+m$/m);
  return shortened;
}

async function query<T>(path: string): Promise<T> {
  const res = await fetch(promUrl + path);
  const body = (await res.json()) as { status: string; data: T };
  if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${JSON.stringify(body)}`);
  return body.data;
}

const porthole = async () =>
  (await query<{ alerts: Alert[] }>('/api/v1/alerts')).alerts.filter((a) =>
    a.labels.alertname?.startsWith('Porthole'),
  );

/** When Prometheus last scraped the API (epoch ms), or 0 before the first scrape. */
async function lastScrape(): Promise<number> {
  const { activeTargets } = await query<{ activeTargets: { lastScrape: string }[] }>(
    '/api/v1/targets?state=active',
  );
  return Math.min(...activeTargets.map((t) => Date.parse(t.lastScrape) || 0));
}

/** When Prometheus last evaluated every rule group (epoch ms), or 0 before the first time. */
async function lastEvaluation(): Promise<number> {
  const { groups } = await query<{ groups: { lastEvaluation: string }[] }>('/api/v1/rules');
  return Math.min(...groups.map((g) => Date.parse(g.lastEvaluation) || 0));
}

beforeAll(async () => {
  const { prometheus: binary } = await ensurePrometheus();
  stack = await startStack({
    clusters: ['alpha', 'beta'],
    offlineAfterSeconds: OFFLINE_AFTER_SECONDS,
    apiEnv: {
      PORTHOLE_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
      // Every request here comes from 127.0.0.1: without a high budget the failure burst would
      // get the agents' polls answered 429 too.
      PORTHOLE_AUTH_FAILURES_PER_MINUTE: '10000',
    },
  });
  await stack.startAgent('alpha');
  await stack.startAgent('beta');
  const line = await stack.api.waitFor(/metrics served at http:\/\//);
  const target = /metrics served at http:\/\/([^/\s"]+)\/metrics/.exec(line)?.[1];
  if (!target) throw new Error(`cannot read the metrics address from: ${line}`);

  dir = mkdtempSync(join(tmpdir(), 'porthole-prometheus-'));
  writeFileSync(join(dir, 'alerts.yaml'), shortenedRules());
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      '  - alerts.yaml',
      'scrape_configs:',
      '  - job_name: porthole',
      '    static_configs:',
      `      - targets: ['${target}']`,
      // API replicas a test starts (and stops) later: none at first.
      '  - job_name: porthole-replicas',
      '    file_sd_configs:',
      '      - files: [replicas.json]',
      '        refresh_interval: 1s',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'replicas.json'), '[]\n');
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prometheus.stdout?.on(
    'data',
    (c: Buffer) => (prometheusOutput = (prometheusOutput + c.toString()).slice(-4000)),
  );
  prometheus.stderr?.on(
    'data',
    (c: Buffer) => (prometheusOutput = (prometheusOutput + c.toString()).slice(-4000)),
  );
  // Ready, and the API scraped at least twice: seconds, however busy the machine. The deadline
  // only turns a hang into a message with Prometheus' output.
  const until = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > until || prometheus.exitCode !== null)
      throw new Error(`Prometheus did not start or scrape:\n${prometheusOutput}`);
    await sleep(200);
    try {
      const up = await query<{ result: { value: [number, string] }[] }>(
        '/api/v1/query?query=count_over_time(up%7Bjob%3D%22porthole%22%7D%5B1m%5D)',
      );
      if (Number(up.result[0]?.value[1] ?? 0) >= 2) break;
    } catch {
      // Not listening yet: poll again.
    }
  }
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) {
    const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
    prometheus.kill('SIGTERM');
    const escalate = setTimeout(() => prometheus?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(escalate);
  }
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the alert rules in a real Prometheus scraping a running API', () => {
  test('a clean run (agents connected, permitted commands) fires nothing', async () => {
    for (const cluster of ['alpha', 'beta']) {
      const { status, json } = await stack.call('POST', `/v1/clusters/${cluster}/exec`, {
        command: 'get pods -n default',
      });
      expect(status, JSON.stringify(json)).toBe(200);
    }
    expect((await fetch(`${stack.apiUrl}/readyz`)).status).toBe(200);
    // Pending alerts count too: a rule whose expression turns true shows within an evaluation or
    // two of the scrape that saw it. Wait for a scrape after the run, then for the rules to be
    // evaluated two intervals past it, however long a busy machine makes that take.
    const ran = Date.now();
    await expect.poll(lastScrape, { timeout: 60_000, interval: 200 }).toBeGreaterThan(ran);
    const scraped = await lastScrape();
    await expect
      .poll(lastEvaluation, { timeout: 60_000, interval: 200 })
      .toBeGreaterThanOrEqual(scraped + 2000);
    expect(await porthole()).toEqual([]);
  });

  test('authentication failures, a denied command, a stopped agent and a flood each fire their alert', async () => {
    const started = Date.now();
    const firedAfter: Record<string, number> = {};
    const expected = [
      'PortholeAuthFailures',
      'PortholeUnauthorizedCommands',
      'PortholeAgentDisconnected',
      'PortholeRateLimited',
    ];
    let alerts: Alert[] = [];
    let stopWatching = false;
    // Watched while the trouble is being made, so each time is from the start to firing. The
    // agent alert needs the offline window, then its (shortened) `for` of 5 s: watched until all
    // fired, or long past that on a busy machine.
    const watching = (async () => {
      while (
        !stopWatching &&
        Object.keys(firedAfter).length < expected.length &&
        Date.now() - started < WATCH_MS
      ) {
        alerts = await porthole();
        for (const alert of alerts) {
          const name = alert.labels.alertname as string;
          if (alert.state === 'firing' && firedAfter[name] === undefined)
            firedAfter[name] = (Date.now() - started) / 1000;
        }
        await sleep(250);
      }
    })();
    const provoked: Promise<void>[] = [];
    // The thresholds are the production ones: rate() divides by the 5 m window, so more than
    // 0.1/s needs over 30 failures and more than 0.2/s over 60 refusals. Each burst is spread
    // over a few scrapes: a counter born and finished between two scrapes shows no increase.
    provoked.push(
      (async () => {
        for (let i = 0; i < 60; i++) {
          const { status } = await stack.call(
            'GET',
            '/v1/clusters',
            undefined,
            `not-a-key-${i}-xxxxxxxxxxxxxxxx`,
          );
          expect(status).toBe(401);
          await sleep(50);
        }
      })(),
    );
    provoked.push(
      (async () => {
        const { status, json } = await stack.call('POST', '/v1/clusters/alpha/exec', {
          command: 'delete pod web',
        });
        expect(status).toBe(403);
        expect(json.error.code).toBe('command_denied');
      })(),
    );
    provoked.push(
      stack.agents
        .get('beta')!
        .stop()
        .then(() => undefined),
    );
    provoked.push(
      (async () => {
        // The admin key has its own budget: far over it, spread over a few seconds.
        const statuses: number[] = [];
        for (let i = 0; i < RATE_LIMIT_PER_MINUTE + 90; i++) {
          statuses.push(
            (await stack.call('GET', '/v1/clusters', undefined, stack.adminKey)).status,
          );
          await sleep(30);
        }
        expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(80);
      })(),
    );
    try {
      await Promise.all(provoked);
      await watching;
    } finally {
      // A failed provocation ends the test: stop watching before the stack goes away.
      stopWatching = true;
      await watching;
    }

    console.info(`alerts fired after (s): ${JSON.stringify(firedAfter)}`);
    expect(Object.keys(firedAfter).sort()).toEqual([...expected].sort());

    const byName = (name: string) => alerts.filter((a) => a.labels.alertname === name);
    // Only the stopped agent's cluster is reported; the denial is reported for its cluster.
    expect(byName('PortholeAgentDisconnected').map((a) => a.labels.cluster)).toEqual(['beta']);
    expect(byName('PortholeUnauthorizedCommands').map((a) => a.labels.cluster)).toEqual(['alpha']);
    // Nothing that was not provoked.
    expect(
      alerts.map((a) => a.labels.alertname).filter((n) => !expected.includes(n as string)),
    ).toEqual([]);
  }, 180_000);

  test('an agent whose kube-apiserver does not answer, and an API replica that stops, fire their alerts', async () => {
    // alpha's agent replaced by one whose kubeconfig names a port nobody listens on: connected,
    // so PortholeAgentDisconnected stays silent; its health says what is wrong.
    const deadPort = await freePort();
    const deadKubeconfig = join(dir, 'kubeconfig-dead');
    const original = readFileSync(stack.kubeconfig, 'utf8');
    const dead = original.replace(/(server: "?https:\/\/127\.0\.0\.1:)\d+/, `$1${deadPort}`);
    expect(dead).not.toBe(original);
    writeFileSync(deadKubeconfig, dead);
    await stack.agents.get('alpha')!.stop();
    await stack.startAgent('alpha', { KUBECONFIG: deadKubeconfig });
    // A second API replica, scraped, then stopped: its target is down.
    const replica = await stack.startReplica();
    const instance = new URL(replica.metricsUrl).host;
    writeFileSync(join(dir, 'replicas.json'), `${JSON.stringify([{ targets: [instance] }])}\n`);
    const upOf = async () => {
      const { result } = await query<{ result: { value: [number, string] }[] }>(
        `/api/v1/query?query=${encodeURIComponent(`up{job="porthole-replicas",instance="${instance}"}`)}`,
      );
      return result[0]?.value[1] ?? null;
    };
    await expect.poll(upOf, { timeout: 60_000, interval: 250 }).toBe('1');
    await replica.proc.stop();
    const firing = async () =>
      (await porthole())
        .filter((a) => a.state === 'firing')
        .map((a) => `${a.labels.alertname} ${a.labels.cluster ?? a.labels.instance}`)
        .filter((a) => /^Porthole(AgentUnhealthy|ApiDown) /.test(a))
        .sort();
    await expect
      .poll(firing, { timeout: 120_000, interval: 250 })
      .toEqual(['PortholeAgentUnhealthy alpha', `PortholeApiDown ${instance}`]);
  }, 240_000);
});
