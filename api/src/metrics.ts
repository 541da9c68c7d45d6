// Prometheus metrics of the API (CONTRACT §5): one registry per process, bounded label values.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createMiddleware } from 'hono/factory';
import { ALLOWED_VERBS } from '@porthole/policy';
import { registerAgentHealthMetrics, type HealthSample } from './agents/health-metrics.js';
import { mapInBatches } from './batches.js';
import { joinWhilePending } from './pending.js';

export type CredentialKind = 'api_key' | 'agent_token' | 'oidc' | 'none';
export type AuthFailureReason = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked';

export interface Metrics {
  registry: Registry;
  authFailures: Counter<'credential' | 'reason'>;
  forbidden: Counter<'credential' | 'reason'>;
  unauthorizedCommands: Counter<'cluster' | 'rule'>;
  deniedCommands: Counter<'cluster' | 'rule'>;
  commands: Counter<'cluster' | 'verb' | 'status'>;
  commandDuration: Histogram<'cluster' | 'verb'>;
  queueWait: Histogram<'cluster'>;
  rateLimited: Counter<'credential'>;
  redeliveries: Counter<'cluster'>;
  redactions: Counter<'cluster' | 'kind'>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** A label value for a cluster id: registered ids as they are, anything else `unknown`. */
  clusterLabel(id: string): string;
  /** A verb label: only the policy's verbs, anything else `unknown`. */
  verbLabel(verb: string | undefined): string;
}

/** Verb labels: the policy's own verbs (a bounded set); anything else is `unknown`. */
const VERBS = new Set(ALLOWED_VERBS);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export function createMetrics(options: {
  /** Registered cluster ids, read from the store at scrape time. */
  clusters: () => Promise<readonly string[]>;
  /** Synchronous membership for labels (see KnownClusters). */
  isKnown: (id: string) => boolean;
  /** Whether an agent of the cluster counts as connected, read from the shared store. */
  connected: (clusterId: string) => Promise<boolean>;
  /** Told when the store cannot answer a scrape. */
  onCollectError?: (err: unknown) => void;
  /** The fresh health a cluster's agent reported (porthole_agent_*), read from the shared store. */
  agentHealth?: (clusterId: string) => Promise<HealthSample | null>;
}): Metrics {
  const registry = new Registry();
  // Both the gauge below and the agent health series list the clusters: once per scrape.
  const clusters = joinWhilePending(options.clusters);
  /** Clusters whose denial and redelivery series exist (at zero or more). */
  const zeroed = new Set<string>();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'porthole_' });
  if (options.agentHealth) {
    registerAgentHealthMetrics(registry, {
      clusters,
      sample: options.agentHealth,
      ...(options.onCollectError ? { onCollectError: options.onCollectError } : {}),
    });
  }

  new Gauge({
    name: 'porthole_agent_connected',
    help: 'Whether an agent of the cluster polled within the offline window (from the shared store).',
    labelNames: ['cluster'],
    registers,
    // Read at scrape time from the store, so every replica reports the same truth.
    async collect() {
      this.reset();
      // A store outage must not fail the scrape: every other series (and the alert on the
      // outage itself) would go stale with it. The gauge is simply absent until it answers.
      let ids: readonly string[];
      try {
        ids = await clusters();
        const states = await mapInBatches(ids, options.connected);
        ids.forEach((cluster, i) => this.set({ cluster }, states[i] ? 1 : 0));
      } catch (err) {
        this.reset();
        options.onCollectError?.(err);
        return;
      }
      // Start each cluster's denial and redelivery series at zero, so rate() sees the first burst.
      // Once per cluster: a counter keeps its series, and 13 lookups per cluster per scrape were
      // a tenth of a scrape's CPU at 10,000 clusters.
      for (const cluster of ids) {
        if (zeroed.has(cluster)) continue;
        zeroed.add(cluster);
        redeliveries.inc({ cluster }, 0);
        for (const rule of DENY_RULES) {
          unauthorizedCommands.inc({ cluster, rule }, 0);
          deniedCommands.inc({ cluster, rule }, 0);
        }
      }
    },
  });

  const unauthorizedCommands = new Counter({
    name: 'porthole_unauthorized_commands_total',
    help: 'Attempts at forbidden things (mutation, credential flags, Secrets, raw paths, shell injection), by the rule that refused them.',
    labelNames: ['cluster', 'rule'],
    registers,
  });
  const deniedCommands = new Counter({
    name: 'porthole_denied_commands_total',
    help: 'Every command the read-only policy refused, honest mistakes included, by rule.',
    labelNames: ['cluster', 'rule'],
    registers,
  });
  const redeliveries = new Counter({
    name: 'porthole_command_redeliveries_total',
    help: 'Commands handed out again after their lease ran out without a result (each may run twice).',
    labelNames: ['cluster'],
    registers,
  });
  const metrics: Metrics = {
    registry,
    authFailures: new Counter({
      name: 'porthole_auth_failures_total',
      help: 'Requests refused for a missing, malformed, unknown, expired or revoked credential.',
      labelNames: ['credential', 'reason'],
      registers,
    }),
    forbidden: new Counter({
      name: 'porthole_forbidden_total',
      help: 'Authenticated requests refused for lack of scope.',
      labelNames: ['credential', 'reason'],
      registers,
    }),
    unauthorizedCommands,
    deniedCommands,
    commands: new Counter({
      name: 'porthole_commands_total',
      help: 'Commands that reached an end: succeeded, failed, timeout or agent_unavailable.',
      labelNames: ['cluster', 'verb', 'status'],
      registers,
    }),
    commandDuration: new Histogram({
      name: 'porthole_command_duration_seconds',
      help: 'Time from submission to result, as seen by the API.',
      labelNames: ['cluster', 'verb'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    queueWait: new Histogram({
      name: 'porthole_queue_wait_seconds',
      help: 'Time a command waited in its queue before an agent claimed it.',
      labelNames: ['cluster'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers,
    }),
    httpRequests: new Counter({
      name: 'porthole_http_requests_total',
      help: 'HTTP requests by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'porthole_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60],
      registers,
    }),
    rateLimited: new Counter({
      name: 'porthole_rate_limited_total',
      help: 'Requests refused with 429, by the credential type that was limited.',
      labelNames: ['credential'],
      registers,
    }),
    redeliveries,
    redactions: new Counter({
      name: 'porthole_redactions_total',
      help: 'Values the agents redacted before output left the cluster, by kind.',
      labelNames: ['cluster', 'kind'],
      registers,
    }),
    clusterLabel: (id) => (options.isKnown(id) ? id : 'unknown'),
    verbLabel: (verb) => (verb !== undefined && VERBS.has(verb) ? verb : 'unknown'),
  };
  // Every bounded label combination of the security counters exists from the start at zero.
  for (const credential of CREDENTIALS) {
    for (const reason of AUTH_REASONS) metrics.authFailures.inc({ credential, reason }, 0);
    for (const reason of FORBIDDEN_REASONS) metrics.forbidden.inc({ credential, reason }, 0);
    metrics.rateLimited.inc({ credential }, 0);
  }
  return metrics;
}

const CREDENTIALS = ['api_key', 'agent_token', 'oidc', 'none'] as const;
const AUTH_REASONS = ['missing', 'malformed', 'unknown', 'expired', 'revoked'] as const;
const FORBIDDEN_REASONS = [
  'cluster_scope',
  'namespace_scope',
  'admin_scope',
  'wrong_cluster',
] as const;
const DENY_RULES = ['verb', 'resource', 'flag', 'output', 'syntax', 'namespace'] as const;

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** Counts every request by its route pattern (never the raw path, which is unbounded). */
export function httpMetrics(metrics: Metrics) {
  return createMiddleware(async (c, next) => {
    const started = performance.now();
    await next();
    const route =
      c.req.routePath === '*' || c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
    const labels = { method: methodLabel(c.req.method), route, status: String(c.res.status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
  });
}
