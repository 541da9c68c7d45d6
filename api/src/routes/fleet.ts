// POST /v1/fleet/exec (CONTRACT §3b): one command on many clusters, an entry per cluster.
import { Hono } from 'hono';
import { boundedFleetExecRequest, PortholeError } from '@porthole/protocol';
import { chargeClient, requireClient } from '../auth/middleware.js';
import { fleetTargets, runFleet } from '../commands/fleet.js';
import type { HonoEnv, Services } from '../context.js';
import { readJson } from '../validate.js';

export function fleetRoutes(services: Services) {
  const client = requireClient(services);
  const body = boundedFleetExecRequest(services.config.maxOutputBytes);
  return new Hono<HonoEnv>().post('/exec', client, async (c) => {
    const { clusters, command, maxOutputBytes, timeoutSeconds } = await readJson(c, body);
    const principal = c.get('client');
    const targets = await fleetTargets(services, principal.scope, clusters);
    const cap = services.config.fleetMaxClusters;
    if (targets.length > cap)
      throw new PortholeError(
        'invalid_request',
        `clusters: ${targets.length} clusters matched; a fleet call reaches at most ${cap} (PORTHOLE_FLEET_MAX_CLUSTERS)`,
      );
    // One token per cluster reached, all or none: the request itself paid for the first.
    if (targets.length > 1) await chargeClient(services, c, principal, targets.length - 1);
    const results = await runFleet(services, c, targets, {
      command,
      ...(maxOutputBytes === undefined ? {} : { maxOutputBytes }),
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    });
    return c.json({ results });
  });
}
