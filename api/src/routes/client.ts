// Routes for API-key holders: list clusters, run commands, read results and their pages.
import { Hono } from 'hono';
import {
  boundedExecRequest,
  PortholeError,
  type ExecResult,
  type PendingCommand,
} from '@porthole/protocol';
import type { CommandState } from '@porthole/store';
import type { ClientPrincipal } from '../auth/credentials.js';
import { requireClient } from '../auth/middleware.js';
import { listClusters } from '../clusters.js';
import { readableCommand } from '../commands/access.js';
import { expireCommand } from '../commands/outcomes.js';
import { firstPage, nextPage } from '../commands/pages.js';
import { runCommand } from '../commands/run.js';
import { submitCommand } from '../commands/submit.js';
import type { HonoEnv, Services } from '../context.js';
import { intQuery, optionalIntQuery, readJson } from '../validate.js';
import { waitSignal } from '../body.js';

export function clientRoutes(services: Services) {
  const { store, config } = services;
  const client = requireClient(services);
  const execBody = boundedExecRequest(config.maxOutputBytes);
  return new Hono<HonoEnv>()
    .get('/clusters', client, async (c) =>
      c.json({ clusters: await listClusters(services, c.get('client').scope) }),
    )
    .post('/clusters/:clusterId/exec', client, async (c) => {
      const request = await readJson(c, execBody);
      const { command, result } = await runCommand(services, c, c.req.param('clusterId'), request);
      return c.json(firstPage(services, c.get('client'), result, command.pageBytes ?? null));
    })
    .post('/clusters/:clusterId/commands', client, async (c) => {
      const request = await readJson(c, execBody);
      const command = await submitCommand(services, c, c.req.param('clusterId'), request);
      return c.json({ id: command.id, status: 'queued' }, 202);
    })
    .get('/commands/:id', client, async (c) => {
      const id = c.req.param('id');
      const wait = intQuery(c, 'wait', 0, 60, 0);
      // A budget for this read; else the one the command was submitted with; else none.
      const maxBytes = optionalIntQuery(c, 'maxBytes', 1, config.maxOutputBytes);
      const reader = c.get('client');
      let state = await readableCommand(services, reader, id);
      if (!('result' in state) && wait > 0) {
        await store.commands.waitForResult(id, wait * 1000, waitSignal(services, c));
        const latest = await store.commands.get(id);
        if (!latest) throw new PortholeError('command_not_found', 'no such command');
        state = latest;
      }
      return c.json(await view(services, reader, state, maxBytes));
    })
    .get('/commands/:id/output', client, async (c) => {
      const maxBytes = optionalIntQuery(c, 'maxBytes', 1, config.maxOutputBytes);
      const cursor = c.req.query('cursor');
      const reader = c.get('client');
      const state = await readableCommand(services, reader, c.req.param('id'));
      if (!('result' in state))
        throw new PortholeError(
          'conflict',
          'the command has not finished: wait for its result with GET /v1/commands/{id}?wait=…',
        );
      if (state.timedOut) await expireCommand(services, state.command.id);
      const budget = maxBytes ?? state.command.pageBytes ?? null;
      return c.json(nextPage(services, reader, state.command, state.result, cursor, budget));
    });
}

/**
 * What a client reads of a command: its Result with the first page, or that it is pending. A
 * timed-out one is written down here if nobody did yet, so the async path counts its timeout as
 * soon as someone looks (the sweep does otherwise).
 */
async function view(
  services: Services,
  reader: ClientPrincipal,
  state: CommandState,
  maxBytes: number | null,
): Promise<ExecResult | PendingCommand> {
  if (!('result' in state)) return { id: state.command.id, status: state.status };
  if (state.timedOut) await expireCommand(services, state.command.id);
  return firstPage(services, reader, state.result, maxBytes ?? state.command.pageBytes ?? null);
}
