// Routes for agents: the command stream (or long polls), lease renewals, results, discovery, health.
import { Hono } from 'hono';
import {
  AgentHealth,
  type AgentIdentity,
  AgentResultBatch,
  AgentResultPost,
  type AgentResultBatchReply,
  CommandId,
  DiscoveryReport,
  LeaseRenewal,
  PortholeError,
  type CommandEnvelope,
  type LeaseRenewalReply,
} from '@porthole/protocol';
import { requireAgent } from '../auth/middleware.js';
import { refuseContradictions } from '../discovery-check.js';
import type { HonoEnv, Services } from '../context.js';
import { presenceOf, presenceRefreshMs } from '../agents/presence.js';
import { LEASE_MS } from '../agents/streams.js';
import { answererOf, storeResult, storeResults } from '../agents/results.js';
import { countRedeliveries } from '../agents/redeliveries.js';
import { createHealthRecorder } from '../agents/health.js';
import { intQuery, readJson } from '../validate.js';
import { waitSignal } from '../body.js';

/** Commands handed out per poll, and the most slots a stream may ask for. */
const MAX_PER_POLL = 16;
const MAX_STREAM_SLOTS = 64;
/** An agent process's id on its stream (so its newer stream retires the older ones). */
const INSTANCE = /^[A-Za-z0-9-]{8,64}$/;

export function agentRoutes(services: Services) {
  const { store, now, metrics } = services;
  const agent = requireAgent(services);
  const recordHealth = createHealthRecorder(services);
  return new Hono<HonoEnv>()
    .get('/stream', agent, (c) => {
      const instance = c.req.query('instance');
      if (instance !== undefined && !INSTANCE.test(instance))
        throw new PortholeError('invalid_request', 'instance: 8–64 letters, digits or dashes');
      return services.streams.open(
        c,
        intQuery(c, 'slots', 1, MAX_STREAM_SLOTS, 4),
        instance ?? null,
      );
    })
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
      const take = async () => {
        const taken = await store.commands.take(clusterId, max, LEASE_MS);
        countRedeliveries(services, clusterId, taken.redelivered);
        return taken.commands;
      };
      let commands: CommandEnvelope[] = await take();
      // A held poll is a sign of life: refresh presence within every offline window.
      const refreshMs = presenceRefreshMs(services);
      while (commands.length === 0 && now() < until && !signal.aborted) {
        await store.commands.waitForWork(clusterId, Math.min(until - now(), refreshMs), signal);
        commands = await take();
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
    .get('/whoami', agent, (c) => {
      // Neither this nor a health report is a sign of presence (only the channel is): an agent
      // that asks who it is, or reports its health, but takes no commands is not connected.
      return c.json({ clusterId: c.get('agent').clusterId } satisfies AgentIdentity);
    })
    .put('/health', agent, async (c) => {
      await recordHealth(c.get('agent').clusterId, await readJson(c, AgentHealth));
      return c.body(null, 204);
    })
    .put('/discovery', agent, async (c) => {
      const { clusterId } = c.get('agent');
      const report = await readJson(c, DiscoveryReport);
      refuseContradictions(services, c, clusterId, report.resources);
      await services.discovery.record(clusterId, report.resources);
      return c.body(null, 204);
    })
    .post('/commands/:id/result', agent, async (c) => {
      const id = c.req.param('id');
      if (!CommandId.safeParse(id).success)
        throw new PortholeError('command_not_found', 'no such command');
      const outcome = await storeResult(
        services,
        answererOf(services, c),
        id,
        await readJson(c, AgentResultPost),
      );
      if (outcome === 'duplicate')
        throw new PortholeError('conflict', 'a result is already stored for this command');
      if (outcome === 'not_found') throw new PortholeError('command_not_found', 'no such command');
      if (outcome === 'forbidden')
        throw new PortholeError('forbidden', 'this command was not issued to your cluster');
      return c.body(null, 204);
    })
    .post('/results', agent, async (c) => {
      const { results } = await readJson(c, AgentResultBatch);
      const outcomes = (await storeResults(services, answererOf(services, c), results)) ?? [];
      return c.json({ outcomes } satisfies AgentResultBatchReply);
    });
}
