// Routes for agents: the command stream (or long polls), lease renewals, results, discovery.
import { Hono } from 'hono';
import {
  AgentResultPost,
  CommandId,
  DiscoveryReport,
  LeaseRenewal,
  PortholeError,
  type CommandEnvelope,
  type LeaseRenewalReply,
  type Result,
} from '@porthole/protocol';
import { requireAgent } from '../auth/middleware.js';
import { clientIp } from '../client-ip.js';
import { recordOutcome } from '../commands/outcomes.js';
import { refuseContradictions } from '../discovery-check.js';
import type { HonoEnv, Services } from '../context.js';
import { presenceOf, presenceRefreshMs } from '../agents/presence.js';
import { LEASE_MS } from '../agents/streams.js';
import { intQuery, readJson, waitSignal } from '../validate.js';

/** Commands handed out per poll, and the most slots a stream may ask for. */
const MAX_PER_POLL = 16;
const MAX_STREAM_SLOTS = 64;
/** The redaction kinds agents report; anything else is labelled `other`, keeping series bounded. */
const REDACTION_KINDS = new Set([
  'secret_data',
  'last_applied',
  'env_credential',
  'log_credential',
  'private_key',
  'token',
]);

export function agentRoutes(services: Services) {
  const { store, now, metrics } = services;
  const agent = requireAgent(services);
  return new Hono<HonoEnv>()
    .get('/stream', agent, (c) =>
      services.streams.open(c, intQuery(c, 'slots', 1, MAX_STREAM_SLOTS, 4)),
    )
    .post('/leases', agent, async (c) => {
      const { clusterId } = c.get('agent');
      const { ids } = await readJson(c, LeaseRenewal);
      const renewed = await store.commands.renew(clusterId, ids, LEASE_MS);
      return c.json({ renewed } satisfies LeaseRenewalReply);
    })
    .get('/commands', agent, async (c) => {
      const { clusterId } = c.get('agent');
      const wait = intQuery(c, 'wait', 0, 30, 0);
      // Optional, so an agent asks only for what it has free slots to run.
      const max = intQuery(c, 'max', 1, MAX_PER_POLL, MAX_PER_POLL);
      const seen = presenceOf(services, c);
      await seen();
      const until = now() + wait * 1000;
      const signal = waitSignal(services, c);
      let commands: CommandEnvelope[] = await store.commands.claim(clusterId, max, LEASE_MS);
      // A held poll is a sign of life: refresh presence within every offline window.
      const refreshMs = presenceRefreshMs(services);
      while (commands.length === 0 && now() < until && !signal.aborted) {
        await store.commands.waitForWork(clusterId, Math.min(until - now(), refreshMs), signal);
        commands = await store.commands.claim(clusterId, max, LEASE_MS);
        if (commands.length === 0 && !signal.aborted) await seen();
      }
      for (const command of commands) {
        metrics.queueWait.observe(
          { cluster: metrics.clusterLabel(clusterId) },
          Math.max(0, now() - command.createdAt) / 1000,
        );
      }
      return c.json({ commands });
    })
    .put('/discovery', agent, async (c) => {
      const { clusterId } = c.get('agent');
      const report = await readJson(c, DiscoveryReport);
      refuseContradictions(services, c, clusterId, report.resources);
      await services.discovery.record(clusterId, report.resources);
      return c.body(null, 204);
    })
    .post('/commands/:id/result', agent, async (c) => {
      const { clusterId } = c.get('agent');
      const id = c.req.param('id');
      if (!CommandId.safeParse(id).success)
        throw new PortholeError('command_not_found', 'no such command');
      const post = await readJson(c, AgentResultPost);
      // Read in the agent's own cluster; only a miss looks further, to tell another's apart.
      const command =
        (await store.commands.envelopeIn(clusterId, id)) ?? (await store.commands.get(id))?.command;
      if (!command) throw new PortholeError('command_not_found', 'no such command');
      if (command.clusterId !== clusterId) {
        services.logger.warn(
          { event: 'wrong_cluster', clusterId, commandId: id },
          'agent posted for another cluster',
        );
        metrics.forbidden.inc({ credential: 'agent_token', reason: 'wrong_cluster' });
        throw new PortholeError('forbidden', 'this command was not issued to your cluster');
      }
      const { redactionKinds: _kinds, ...fields } = post;
      const result: Result = {
        id,
        clusterId,
        ...fields,
        createdAt: new Date(command.createdAt).toISOString(),
        completedAt: new Date(now()).toISOString(),
      };
      // A result after the deadline is accepted and kept for reading (`late`), but the outcome
      // stays the timeout: counted here only if this call is the one that wrote it down.
      const reply = await store.commands.complete(result);
      if (reply.outcome === 'duplicate')
        throw new PortholeError('conflict', 'a result is already stored for this command');
      if (reply.outcome === 'not_found')
        throw new PortholeError('command_not_found', 'no such command');
      // What the agent redacted left the cluster redacted, in time or not.
      const cluster = metrics.clusterLabel(clusterId);
      for (const [kind, count] of Object.entries(post.redactionKinds ?? {})) {
        metrics.redactions.inc(
          { cluster, kind: REDACTION_KINDS.has(kind) ? kind : 'other' },
          count,
        );
      }
      if (reply.ended)
        recordOutcome(services, reply.ended, { source_ip: clientIp(c, services.config) });
      return c.body(null, 204);
    });
}
