// The agent's own health, as it reports it to the API (it has no inbound port for a probe or a
// scrape): whether the kube-apiserver answers, its last failure, and the agent's counters.
import { AGENT_HEALTH_ERROR_CHARS, type AgentHealth } from '@porthole/protocol';
import { RedactionTally } from '@porthole/kubectl';
import { scrubText } from '@porthole/redact';
import type { BoundedKubeGet } from './kube/transport.js';

/** System error codes that mean the apiserver was not reached (or hung up), not a bad request. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface HealthTracker {
  /** The transport, watched: every answer and every connection failure says something. */
  observe(get: BoundedKubeGet): BoundedKubeGet;
  /** One GET /version through the watched transport (the agent may have run nothing lately). */
  probe(): Promise<void>;
  /** A command produced a result with this many redactions. */
  commandDone(redactions: number): void;
  /** Whether reachability changed since the last snapshot (report soon rather than on schedule). */
  changed(): boolean;
  snapshot(state: { inFlight: number; queueAgeMs: number }): AgentHealth;
}

export function createHealthTracker(options: {
  version: string;
  now: () => number;
  /** How long the probe may wait for the apiserver. */
  probeTimeoutMs?: number;
}): HealthTracker {
  const { now } = options;
  let reachable = true;
  let reported = true;
  let kubeErrors = 0;
  let lastError: { message: string; at: number } | null = null;
  let commands = 0;
  let redactions = 0;
  let watched: BoundedKubeGet | null = null;

  const failed = (message: string) => {
    kubeErrors++;
    reachable = false;
    lastError = { message: shortError(message), at: now() };
  };

  return {
    observe(get) {
      watched = async (path, accept, signal) => {
        let res;
        try {
          res = await get(path, accept, signal);
        } catch (err) {
          // A command's own deadline or a refused path says nothing of the apiserver.
          if (unreachable(err)) failed(errorText(err));
          throw err;
        }
        if (res.status === 401)
          failed('the Kubernetes API refused the agent credentials (HTTP 401)');
        else if (res.status < 500) reachable = true;
        return res;
      };
      return watched;
    },
    async probe() {
      if (!watched) return;
      try {
        const res = await watched(
          '/version',
          'application/json',
          AbortSignal.timeout(options.probeTimeoutMs ?? 5_000),
        );
        if (res.status >= 500)
          failed(`the Kubernetes API answered /version with HTTP ${res.status}`);
      } catch (err) {
        // A probe that timed out is the apiserver not answering: counted even without a code.
        if (!unreachable(err)) failed(errorText(err));
      }
    },
    commandDone(count) {
      commands++;
      redactions += Math.max(0, Math.floor(count));
    },
    changed: () => reachable !== reported,
    snapshot(state) {
      reported = reachable;
      const t = now();
      return {
        version: options.version,
        kubeReachable: reachable,
        kubeErrors: Math.min(kubeErrors, Number.MAX_SAFE_INTEGER),
        lastKubeError: lastError && {
          message: lastError.message,
          ageSeconds: Math.min(366 * 86_400, Math.max(0, t - lastError.at) / 1000),
        },
        commands: Math.min(commands, Number.MAX_SAFE_INTEGER),
        inFlight: Math.min(1024, state.inFlight),
        redactions: Math.min(redactions, Number.MAX_SAFE_INTEGER),
        queueAgeSeconds: Math.min(366 * 86_400, Math.max(0, state.queueAgeMs) / 1000),
      };
    },
  };
}

function unreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('ERR_TLS')))
    return true;
  // The transport's own limits on a request outside any command.
  return err instanceof Error && /timed out waiting|took too long/.test(err.message);
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return 'the Kubernetes API request failed';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !err.message.includes(code)
    ? `${code}: ${err.message}`
    : err.message;
}

/** Scrubbed (no credential, no URL userinfo), one printable line, short: it leaves the cluster. */
export function shortError(message: string): string {
  const text = scrubText(
    message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1'),
    new RedactionTally(),
  )
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, AGENT_HEALTH_ERROR_CHARS);
  return text.length > 0 ? text : 'the Kubernetes API request failed';
}
