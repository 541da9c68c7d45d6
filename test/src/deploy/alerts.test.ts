// Prometheus material: promtool checks and unit tests of the alerts, runbooks, and the Grafana dashboard.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { promtool } from '../harness/tools.js';
import { decodeManifests, DEPLOY_DIR } from './render.js';

const PROMETHEUS_DIR = join(DEPLOY_DIR, 'prometheus');
const ALERTS = join(PROMETHEUS_DIR, 'alerts.yaml');
const alertsText = readFileSync(ALERTS, 'utf8');

/** CONTRACT §5, plus what prom-client's default collectors export under the same prefix. */
const CONTRACT_METRICS = [
  'porthole_auth_failures_total',
  'porthole_forbidden_total',
  'porthole_unauthorized_commands_total',
  'porthole_denied_commands_total',
  'porthole_commands_total',
  'porthole_command_duration_seconds',
  'porthole_queue_wait_seconds',
  'porthole_agent_connected',
  'porthole_rate_limited_total',
  'porthole_redactions_total',
  'porthole_http_requests_total',
  'porthole_http_request_duration_seconds',
  // porthole_agent_*: the health each cluster's agent reports (CONTRACT §5, last row).
  'porthole_agent_info',
  'porthole_agent_kube_reachable',
  'porthole_agent_kube_last_error_age_seconds',
  'porthole_agent_kube_errors_total',
  'porthole_agent_commands_total',
  'porthole_agent_in_flight',
  'porthole_agent_redactions_total',
  'porthole_agent_queue_age_seconds',
  'porthole_agent_health_report_age_seconds',
];
const known = (name: string) =>
  CONTRACT_METRICS.includes(name.replace(/_(bucket|sum|count)$/, '')) ||
  /^porthole_(process|nodejs)_/.test(name);

const EXPECTED_ALERTS = [
  'PortholeAgentDisconnected',
  'PortholeAgentUnhealthy',
  'PortholeApiDown',
  'PortholeAuthFailures',
  'PortholeCommandTimeouts',
  'PortholeRateLimited',
  'PortholeStoreUnavailable',
  'PortholeUnauthorizedCommands',
];

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** alerts.yaml as data: decoded by kubectl the way the chart ships it (a PrometheusRule spec). */
async function loadRules(): Promise<Rule[]> {
  const indented = alertsText.replace(/^/gm, '  ');
  const [rule] = await decodeManifests(
    `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: alerts\nspec:\n${indented}`,
  );
  return ((rule?.spec as { groups: { rules: Rule[] }[] }).groups ?? []).flatMap((g) => g.rules);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      (m[1] as string)
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'porthole-promtool-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('alerts.yaml', () => {
  test('promtool check rules accepts it', async () => {
    const result = await promtool(['check', 'rules', ALERTS]);
    expect(result.stdout + result.stderr).toContain('SUCCESS: 8 rules found');
    expect(result.exitCode).toBe(0);
  });

  test('promtool test rules: every unit test passes', async () => {
    const result = await promtool(['test', 'rules', 'alerts.test.yaml'], PROMETHEUS_DIR);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.exitCode).toBe(0);
  });

  test('the eight alerts, each with severity, summary, description, runbook and contract metrics only', async () => {
    const rules = await loadRules();
    expect(rules.map((r) => r.alert).sort()).toEqual(EXPECTED_ALERTS);
    const readme = anchors(readFileSync(join(DEPLOY_DIR, 'README.md'), 'utf8'));
    for (const rule of rules) {
      expect(rule.labels?.severity, rule.alert).toMatch(/^(info|warning|critical)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
      const runbook = rule.annotations?.runbook_url ?? '';
      expect(runbook, rule.alert).toMatch(/\/deploy\/README\.md#/);
      expect(
        readme.has(runbook.split('#')[1] as string),
        `${rule.alert}: README has no section #${runbook.split('#')[1]}`,
      ).toBe(true);
      const metrics = [...rule.expr.matchAll(/\b(porthole_[a-z_]+)\b/g)].map((m) => m[1] as string);
      // The one alert on Prometheus' own series: the API's scrape target is down.
      const scrape =
        rule.alert === 'PortholeApiDown' && /\bup\{job=~"[^"]*porthole/.test(rule.expr);
      expect(metrics.length > 0 || scrape, rule.alert).toBe(true);
      expect(
        metrics.filter((m) => !known(m)),
        rule.alert,
      ).toEqual([]);
    }
  });

  test('the issue thresholds: auth failures > 0.1/s for 2m, any denied command, agent gauge == 0 for 5m', async () => {
    const rules = Object.fromEntries((await loadRules()).map((r) => [r.alert, r]));
    expect(rules.PortholeAuthFailures).toMatchObject({ for: '2m' });
    expect(rules.PortholeAuthFailures?.expr).toMatch(
      /rate\(porthole_auth_failures_total\[5m\]\)\) > 0\.1$/,
    );
    expect(rules.PortholeUnauthorizedCommands?.expr).toMatch(
      /increase\(porthole_unauthorized_commands_total\[5m\]\)\) > 0/,
    );
    expect(rules.PortholeAgentDisconnected).toMatchObject({ for: '5m' });
    expect(rules.PortholeAgentDisconnected?.expr).toMatch(/\(porthole_agent_connected\) == 0$/);
    expect(rules.PortholeCommandTimeouts?.expr).toContain('status="timeout"');
    expect(rules.PortholeStoreUnavailable?.expr).toContain('route="/readyz", status="503"');
    expect(rules.PortholeApiDown?.expr).toMatch(/\(up\{job=~"\.\*porthole\.\*"\}\) == 0$/);
    expect(rules.PortholeAgentUnhealthy).toMatchObject({ for: '5m' });
    expect(rules.PortholeAgentUnhealthy?.expr).toContain('(porthole_agent_kube_reachable) == 0');
  });
});

describe('the unit tests can fail: each alert is tested both ways', () => {
  // Swap one alert's expression in a copy of alerts.yaml and run the same unit tests: a test of
  // that alert must break. `never` proves a firing case exists; `always` proves a silent one.
  const swap = (alert: string, expr: string) => {
    const block = new RegExp(`(- alert: ${alert}\\n\\s+expr: )(>-\\n(?:\\s{10}.*\\n)+|.*\\n)`);
    expect(alertsText).toMatch(block);
    return alertsText.replace(block, `$1${expr}\n`);
  };
  const cases = EXPECTED_ALERTS.flatMap((alert) => [
    [alert, 'never', 'vector(1) > 2'],
    [alert, 'always', 'vector(1)'],
  ]);

  test.concurrent.each(cases)('%s made to fire %s', async (alert, _how, expr) => {
    const dir = mkdtempSync(join(work, 'case-'));
    writeFileSync(join(dir, 'alerts.yaml'), swap(alert, expr));
    copyFileSync(join(PROMETHEUS_DIR, 'alerts.test.yaml'), join(dir, 'alerts.test.yaml'));
    const result = await promtool(['test', 'rules', 'alerts.test.yaml'], dir);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(`alertname: ${alert}`);
  });
});

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(DEPLOY_DIR, 'grafana', 'porthole.json'), 'utf8'));
  type Json = Record<string, any>;
  const panels = (dashboard.panels as Json[]).flatMap((p): Json[] => [
    p,
    ...((p.panels ?? []) as Json[]),
  ]);
  const targets = panels.flatMap((p) =>
    ((p.targets ?? []) as Json[]).map((t) => ({
      panel: p.title as string,
      expr: t.expr as string,
    })),
  );

  test('is an importable dashboard: uid, title, data source variable, unique ids, every panel placed', () => {
    expect(dashboard.uid).toBe('porthole-overview');
    expect(dashboard.title).toBeTruthy();
    expect((dashboard.templating.list as Json[]).map((v): unknown => v.name)).toEqual([
      'datasource',
      'job',
      'cluster',
    ]);
    const ids = panels.map((p): unknown => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos, panel.title).toMatchObject({
        h: expect.any(Number),
        w: expect.any(Number),
        x: expect.any(Number),
        y: expect.any(Number),
      });
      if (panel.type !== 'row') expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
    }
    expect(targets.length).toBeGreaterThanOrEqual(10);
  });

  test('every query is valid PromQL (promtool) over contract metrics, and every alerted metric is on a panel', async () => {
    // Grafana's variables replaced by values, each query made a recording rule for promtool.
    const concrete = (expr: string) =>
      expr
        .replaceAll('$__rate_interval', '5m')
        .replaceAll('$job', 'porthole')
        .replaceAll('$cluster', '.*');
    const file = join(work, 'dashboard-rules.yaml');
    const rules = targets.map(
      (t, i) =>
        `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(concrete(t.expr))}\n`,
    );
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('')}`);
    const result = await promtool(['check', 'rules', file]);
    expect(result.stdout + result.stderr).toContain(`SUCCESS: ${targets.length} rules found`);

    const used = new Set(
      targets.flatMap((t) =>
        [...t.expr.matchAll(/\b(porthole_[a-z_]+)\b/g)].map((m) => m[1] as string),
      ),
    );
    expect([...used].filter((m) => !known(m))).toEqual([]);
    const alerted = [...alertsText.matchAll(/\b(porthole_[a-z_]+)\b/g)].map((m) => m[1] as string);
    expect(alerted.filter((m) => !used.has(m))).toEqual([]);
  });
});
