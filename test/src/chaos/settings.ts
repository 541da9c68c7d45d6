// Chaos settings from the environment: the full run's defaults, and the short one CI runs.
import type { ChaosSettings } from './scenarios.js';

export const FULL: ChaosSettings = {
  clients: 4,
  paceMs: 100,
  warmSeconds: 10,
  tailSeconds: 10,
  agentDownSeconds: 5,
  stopSeconds: 20,
  replicaDownSeconds: 5,
  redisShortSeconds: 3,
  redisLongSeconds: 10,
  dripSeconds: 10,
  floodCommands: 300,
  floodBaselineSeconds: 5,
  kubeKeepAliveMs: 5_000,
};

/** Low load and short phases, for a busy 2-core CI machine. */
export const SHORT: ChaosSettings = {
  clients: 2,
  paceMs: 250,
  warmSeconds: 2,
  tailSeconds: 2,
  agentDownSeconds: 2,
  stopSeconds: 16,
  replicaDownSeconds: 2,
  redisShortSeconds: 3,
  redisLongSeconds: 10,
  dripSeconds: 4,
  floodCommands: 30,
  floodBaselineSeconds: 2,
  kubeKeepAliveMs: 5_000,
};

/**
 * `base`, with CHAOS_SECONDS setting the warm and tail phases, CHAOS_CLIENTS / CHAOS_PACE_MS
 * the load, CHAOS_STOP_SECONDS how long the agent stays stopped, CHAOS_FLOOD_COMMANDS the flood,
 * CHAOS_KUBE_KEEPALIVE_MS the apiserver's idle keep-alive. The fault lengths stay as the issue names them (Redis down 3 s and 10 s, the agent
 * stopped past its lease).
 */
export function fromEnv(base: ChaosSettings, env: NodeJS.ProcessEnv = process.env): ChaosSettings {
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
    return n;
  };
  const seconds = num('CHAOS_SECONDS', base.warmSeconds);
  return {
    ...base,
    clients: Math.max(1, Math.round(num('CHAOS_CLIENTS', base.clients))),
    paceMs: num('CHAOS_PACE_MS', base.paceMs),
    warmSeconds: seconds,
    tailSeconds: seconds,
    stopSeconds: num('CHAOS_STOP_SECONDS', base.stopSeconds),
    floodCommands: Math.round(num('CHAOS_FLOOD_COMMANDS', base.floodCommands)),
    kubeKeepAliveMs: num('CHAOS_KUBE_KEEPALIVE_MS', base.kubeKeepAliveMs),
  };
}
