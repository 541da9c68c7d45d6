// Agent health (PUT /v1/agent/health): what each agent says of itself, kept per cluster in the
// shared store (at most one write per cluster every few seconds per replica) and read back from
// it for GET /v1/clusters and the porthole_agent_* series, so every replica shows the same.
import {
  AGENT_HEALTH_ERROR_CHARS,
  AGENT_HEALTH_INTERVAL_MS,
  type AgentHealth,
  type ClusterHealth,
} from '@porthole/protocol';
import type { AgentHealthReport } from '@porthole/store';
import type { Services } from '../context.js';
import { safeText } from '../safe-text.js';
import type { HealthSample } from './health-metrics.js';

/** A cluster's health is written at most this often by one replica, whatever its agents send. */
export const HEALTH_WRITE_MIN_MS = 2_000;

/**
 * A report older than this is no longer the agent's state: the agent is gone or cut off, and
 * porthole_agent_connected says so. Several report intervals, and never under the offline window.
 */
export function healthFreshMs(services: Pick<Services, 'config'>): number {
  return Math.max(services.config.agentOfflineAfterSeconds * 1000, 3 * AGENT_HEALTH_INTERVAL_MS);
}

/** userinfo in a URL (`https://user:pass@host`): dropped whatever the scrubber thinks of it. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi;

/** A kube error text as the API keeps it: no credential, no URL userinfo, short, printable. */
export function cleanKubeError(message: string): string {
  const cleaned = safeText(message.replace(URL_USERINFO, '$1'), 4 * AGENT_HEALTH_ERROR_CHARS)
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, AGENT_HEALTH_ERROR_CHARS);
  return cleaned.length > 0 ? cleaned : 'unknown error';
}

/** Records reports, writing each cluster at most once per HEALTH_WRITE_MIN_MS from this replica. */
export function createHealthRecorder(services: Services) {
  const lastWrite = new Map<string, number>();
  return async (clusterId: string, health: AgentHealth): Promise<void> => {
    const now = services.now();
    // A hostile or looping agent costs Redis one write per window, not one per request.
    if (now - (lastWrite.get(clusterId) ?? -Infinity) < HEALTH_WRITE_MIN_MS) return;
    lastWrite.set(clusterId, now);
    // Bounded by the registered clusters; forget entries that can no longer throttle anything.
    if (lastWrite.size > 10_000)
      for (const [id, at] of lastWrite) if (now - at >= HEALTH_WRITE_MIN_MS) lastWrite.delete(id);
    const report: AgentHealthReport = {
      reportedAt: now,
      health: {
        ...health,
        lastKubeError: health.lastKubeError && {
          message: cleanKubeError(health.lastKubeError.message),
          ageSeconds: health.lastKubeError.ageSeconds,
        },
      },
    };
    try {
      await services.store.agents.recordHealth(clusterId, report);
    } catch (err) {
      // Not written: the next report tries again at once.
      lastWrite.delete(clusterId);
      throw err;
    }
  };
}

/** The last report if it is still fresh, else null. */
export async function freshHealth(
  services: Services,
  clusterId: string,
): Promise<AgentHealthReport | null> {
  const report = await services.store.agents.health(clusterId);
  if (!report || services.now() - report.reportedAt > healthFreshMs(services)) return null;
  return report;
}

/** GET /v1/clusters' `health` field. */
export function healthView(report: AgentHealthReport | null): ClusterHealth | null {
  if (!report) return null;
  const { health, reportedAt } = report;
  return {
    reportedAt: new Date(reportedAt).toISOString(),
    version: health.version,
    kubeReachable: health.kubeReachable,
    kubeErrors: health.kubeErrors,
    lastKubeError: health.lastKubeError && {
      message: health.lastKubeError.message,
      at: new Date(reportedAt - health.lastKubeError.ageSeconds * 1000).toISOString(),
    },
    commands: health.commands,
    inFlight: health.inFlight,
    redactions: health.redactions,
    queueAgeSeconds: health.queueAgeSeconds,
  };
}

export async function healthSample(
  services: Services,
  clusterId: string,
): Promise<HealthSample | null> {
  const report = await freshHealth(services, clusterId);
  if (!report) return null;
  const { health } = report;
  const reportAgeSeconds = Math.max(0, services.now() - report.reportedAt) / 1000;
  return {
    version: health.version,
    kubeReachable: health.kubeReachable,
    kubeErrors: health.kubeErrors,
    lastKubeErrorAgeSeconds: health.lastKubeError
      ? health.lastKubeError.ageSeconds + reportAgeSeconds
      : null,
    commands: health.commands,
    inFlight: health.inFlight,
    redactions: health.redactions,
    queueAgeSeconds: health.queueAgeSeconds,
    reportAgeSeconds,
  };
}
