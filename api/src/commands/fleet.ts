// Fleet exec (CONTRACT §3b): which clusters a call reaches, and one command on each of them with
// bounded concurrency, each cluster's failure its own entry (never the whole call's).
import type { Context } from 'hono';
import type { ExecRequest, ExecResult, FleetError } from '@porthole/protocol';
import { mayUseCluster, type Scope } from '../auth/scope.js';
import { allClusterIds } from '../clusters.js';
import type { HonoEnv, Services } from '../context.js';
import { errorBody, publicError } from '../errors.js';
import { firstPage } from './pages.js';
import { runCommand } from './run.js';

/** Clusters one fleet call works on at once. */
export const FLEET_CONCURRENCY = 8;

/**
 * The clusters a call reaches, each once, in the order the selectors first name them. An id is
 * taken as given (single exec's answers apply to it: forbidden, cluster_not_found); a glob
 * expands only over the registered clusters the caller may use, so it reveals nothing else.
 */
export async function fleetTargets(
  services: Services,
  scope: Scope,
  selectors: readonly string[],
): Promise<string[]> {
  const targets = new Set<string>();
  let usable: string[] | null = null;
  for (const selector of selectors) {
    if (!/[*?]/.test(selector)) {
      targets.add(selector);
      continue;
    }
    usable ??= (await allClusterIds(services)).filter((id) => mayUseCluster(scope, id));
    const pattern = globPattern(selector);
    for (const id of usable) if (pattern.test(id)) targets.add(id);
  }
  return [...targets];
}

/** `*` any run of id characters, `?` one; selectors hold nothing else to escape (ClusterSelector). */
export function globPattern(glob: string): RegExp {
  const body = glob.replaceAll('*', '[a-z0-9-]*').replaceAll('?', '[a-z0-9-]');
  return new RegExp(`^${body}$`);
}

/** Runs the command on every target, FLEET_CONCURRENCY at a time, results in target order. */
export function runFleet(
  services: Services,
  c: Context<HonoEnv>,
  targets: readonly string[],
  request: ExecRequest,
): Promise<Array<ExecResult | FleetError>> {
  const reader = c.get('client');
  return mapBounded(targets, FLEET_CONCURRENCY, async (clusterId) => {
    try {
      const { command, result } = await runCommand(services, c, clusterId, request);
      return firstPage(services, reader, result, command.pageBytes ?? null);
    } catch (err) {
      // The one error mapping (errors.ts), as a single exec on this cluster would answer.
      const body = errorBody(publicError(err, services.logger, c.req.routePath));
      const { commandId } = body;
      return {
        clusterId,
        error: body.error,
        ...(typeof commandId === 'string' ? { commandId } : {}),
      };
    }
  });
}

/** `fn` on every item, at most `limit` at once; answers in item order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
