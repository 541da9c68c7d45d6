// Routes for API-key holders: list clusters, run commands, read results.
import { Hono } from 'hono';
import { ExecRequest, PortholeError, type Result } from '@porthole/protocol';
import type { CommandState } from '@porthole/store';
import { requireClient } from '../auth/middleware.js';
import { listClusters } from '../clusters.js';
import { readableCommand } from '../commands/access.js';
import { expireCommand } from '../commands/outcomes.js';
import { submitCommand } from '../commands/submit.js';
import type { HonoEnv, Services } from '../context.js';
import { intQuery, readJson, waitSignal } from '../validate.js';

export function clientRoutes(services: Services) {
  const { store } = services;
  const client = requireClient(services);
  return new Hono<HonoEnv>()
    .get('/clusters', client, async (c) =>
      c.json({ clusters: await listClusters(services, c.get('client').scope) }),
    )
    .post('/clusters/:clusterId/exec', client, async (c) => {
      const request = await readJson(c, ExecRequest);
      const command = await submitCommand(services, c, c.req.param('clusterId'), request);
      const result = await store.commands.waitForResult(
        command.id,
        command.deadline - services.now(),
        waitSignal(services, c),
      );
      if (!result) {
        // Counted only if this wait is the one that times the command out (a result landing
        // now is late, and another replica's sweep may have been first).
        await expireCommand(services, command.id);
        throw new PortholeError(
          'timeout',
          'no result within the wait; fetch it later by commandId',
          {
            extra: { commandId: command.id },
          },
        );
      }
      return c.json(result);
    })
    .post('/clusters/:clusterId/commands', client, async (c) => {
      const request = await readJson(c, ExecRequest);
      const command = await submitCommand(services, c, c.req.param('clusterId'), request);
      return c.json({ id: command.id, status: 'queued' }, 202);
    })
    .get('/commands/:id', client, async (c) => {
      const id = c.req.param('id');
      const wait = intQuery(c, 'wait', 0, 60, 0);
      const state = await readableCommand(services, c.get('client'), id);
      if ('result' in state || wait === 0) return c.json(await view(services, state));
      const result = await store.commands.waitForResult(id, wait * 1000, waitSignal(services, c));
      if (result) return c.json(result);
      const latest = await store.commands.get(id);
      if (!latest) throw new PortholeError('command_not_found', 'no such command');
      return c.json(await view(services, latest));
    });
}

/**
 * What a client reads of a command. A timed-out one is written down here if nobody did yet, so
 * the async path counts its timeout as soon as someone looks (the sweep does otherwise).
 */
async function view(
  services: Services,
  state: CommandState,
): Promise<Result | { id: string; status: 'queued' | 'running' }> {
  if (!('result' in state)) return { id: state.command.id, status: state.status };
  if (state.timedOut) await expireCommand(services, state.command.id);
  return state.result;
}
