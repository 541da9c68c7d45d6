// The porthole_agent_* series (CONTRACT §5): the health each cluster's agent last reported, read
// from the shared store at scrape time (one read per cluster per scrape, shared by every series),
// so every API replica exposes the same values. Labels: `cluster` (registered ids only) and,
// on the info series, `version` (the schema bounds it to 64 printable characters).
import { Counter, Gauge, type Registry } from 'prom-client';
import { mapInBatches } from '../batches.js';
import { joinWhilePending } from '../pending.js';

/** One cluster's porthole_agent_* values at scrape time. */
export interface HealthSample {
  version: string;
  kubeReachable: boolean;
  kubeErrors: number;
  /** Null when the agent has seen no kube error since it started. */
  lastKubeErrorAgeSeconds: number | null;
  commands: number;
  inFlight: number;
  redactions: number;
  queueAgeSeconds: number;
  reportAgeSeconds: number;
}

export interface AgentHealthSource {
  /** Registered cluster ids. */
  clusters: () => Promise<readonly string[]>;
  /** A cluster's fresh health, or null (never reported, or stale: then it has no series). */
  sample: (clusterId: string) => Promise<HealthSample | null>;
  onCollectError?: (err: unknown) => void;
}

export function registerAgentHealthMetrics(registry: Registry, source: AgentHealthSource): void {
  const registers = [registry];
  // The first collector of a scrape asks the store; the others of that scrape join its answer.
  const samples = joinWhilePending(async () => {
    const clusters = await source.clusters();
    const values = await mapInBatches(clusters, source.sample);
    const out = new Map<string, HealthSample>();
    clusters.forEach((cluster, i) => {
      const value = values[i];
      if (value) out.set(cluster, value);
    });
    return out;
  });
  let reported: Promise<Map<string, HealthSample>> | null = null;
  /** Sets one metric from the snapshot; a store outage leaves it empty (the scrape still works). */
  const fill = async (
    metric: { reset(): void },
    set: (cluster: string, sample: HealthSample) => void,
  ) => {
    metric.reset();
    const snapshotOf = samples();
    let all: Map<string, HealthSample>;
    try {
      all = await snapshotOf;
    } catch (err) {
      // Told once per failed snapshot, not once per series.
      if (reported !== snapshotOf) {
        reported = snapshotOf;
        source.onCollectError?.(err);
      }
      return;
    }
    for (const [cluster, sample] of all) set(cluster, sample);
  };

  const gauge = (
    name: string,
    help: string,
    value: (sample: HealthSample) => number | null,
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: ['cluster'],
      registers,
      async collect() {
        await fill(this, (cluster, sample) => {
          const v = value(sample);
          if (v !== null) this.set({ cluster }, v);
        });
      },
    });
  };
  const counter = (name: string, help: string, value: (sample: HealthSample) => number): void => {
    new Counter({
      name,
      help,
      labelNames: ['cluster'],
      registers,
      async collect() {
        // The agent's own count since it started: a restart resets it, as rate() expects.
        await fill(this, (cluster, sample) => this.inc({ cluster }, value(sample)));
      },
    });
  };

  new Gauge({
    name: 'porthole_agent_info',
    help: "The version of the cluster's agent that last reported its health (value 1).",
    labelNames: ['cluster', 'version'],
    registers,
    async collect() {
      await fill(this, (cluster, sample) => this.set({ cluster, version: sample.version }, 1));
    },
  });
  gauge(
    'porthole_agent_kube_reachable',
    "Whether the cluster's agent reached its kube-apiserver at its last request or probe (1) or not (0).",
    (s) => (s.kubeReachable ? 1 : 0),
  );
  gauge(
    'porthole_agent_kube_last_error_age_seconds',
    "Seconds since the agent's last failed kube request; absent when it has had none since it started.",
    (s) => s.lastKubeErrorAgeSeconds,
  );
  gauge('porthole_agent_in_flight', 'Commands the agent is running now.', (s) => s.inFlight);
  gauge(
    'porthole_agent_queue_age_seconds',
    'How long the oldest command delivered to the agent but not yet started has waited.',
    (s) => s.queueAgeSeconds,
  );
  gauge(
    'porthole_agent_health_report_age_seconds',
    "Seconds since the cluster's agent last reported its health.",
    (s) => s.reportAgeSeconds,
  );
  counter(
    'porthole_agent_kube_errors_total',
    'Kube requests of the agent that failed (no answer, a 5xx, credentials refused), since it started.',
    (s) => s.kubeErrors,
  );
  counter(
    'porthole_agent_commands_total',
    'Commands the agent ran since it started.',
    (s) => s.commands,
  );
  counter(
    'porthole_agent_redactions_total',
    'Values the agent redacted since it started.',
    (s) => s.redactions,
  );
}
