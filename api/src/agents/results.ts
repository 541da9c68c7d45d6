// Storing what an agent answered for a command: the one path behind the single and the batched
// result posts. Only the agent of the command's cluster may answer it; the first answer wins.
import type {
  AgentResultBatch,
  AgentResultBatchReply,
  AgentResultPost,
  Result,
} from '@porthole/protocol';
import type { Context } from 'hono';
import { clientIp } from '../client-ip.js';
import { recordOutcome } from '../commands/outcomes.js';
import type { HonoEnv, Services } from '../context.js';

/** The redaction kinds agents report; anything else is labelled `other`, keeping series bounded. */
const REDACTION_KINDS = new Set([
  'secret_data',
  'last_applied',
  'env_credential',
  'log_credential',
  'private_key',
  'token',
]);

export type StoreOutcome = 'stored' | 'duplicate' | 'not_found' | 'forbidden';

/** Who answers: the cluster the agent token is for, and where the agent connected from. */
export interface Answerer {
  clusterId: string;
  sourceIp: string;
}

/** The answerer of an agent request (behind requireAgent). */
export function answererOf(services: Services, c: Context<HonoEnv>): Answerer {
  return { clusterId: c.get('agent').clusterId, sourceIp: clientIp(c, services.config) };
}

/**
 * Stores a batch one result after another: each is its own state change, in the agent's order.
 * Stops, answering null, at the first result found after `going` says no (the stream it came up
 * was closed: a revoked token stores nothing more).
 */
export async function storeResults(
  services: Services,
  by: Answerer,
  results: AgentResultBatch['results'],
  going: () => boolean = () => true,
): Promise<AgentResultBatchReply['outcomes'] | null> {
  const outcomes: AgentResultBatchReply['outcomes'] = [];
  for (const { id, ...post } of results) {
    if (!going()) return null;
    outcomes.push({ id, outcome: await storeResult(services, by, id, post) });
  }
  return outcomes;
}

export async function storeResult(
  services: Services,
  { clusterId, sourceIp }: Answerer,
  id: string,
  post: AgentResultPost,
): Promise<StoreOutcome> {
  const { store, metrics, now } = services;
  // Pushed by this replica to a stream of the agent's cluster: known without a read. Else read
  // in the agent's own cluster; only a miss looks further, to tell another's apart.
  const command =
    services.streams.pushed(clusterId, id) ??
    (await store.commands.envelopeIn(clusterId, id)) ??
    (await store.commands.get(id))?.command;
  if (!command) return 'not_found';
  if (command.clusterId !== clusterId) {
    services.logger.warn(
      { event: 'wrong_cluster', clusterId, commandId: id },
      'agent posted for another cluster',
    );
    metrics.forbidden.inc({ credential: 'agent_token', reason: 'wrong_cluster' });
    return 'forbidden';
  }
  const { redactionKinds, ...fields } = post;
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
  if (reply.outcome === 'duplicate' || reply.outcome === 'not_found') return reply.outcome;
  // What the agent redacted left the cluster redacted, in time or not.
  const cluster = metrics.clusterLabel(clusterId);
  for (const [kind, count] of Object.entries(redactionKinds ?? {})) {
    metrics.redactions.inc({ cluster, kind: REDACTION_KINDS.has(kind) ? kind : 'other' }, count);
  }
  if (reply.ended) {
    // A client waiting on this replica was woken by the same reply: the rest of its answer runs
    // in microtasks already queued, so it goes out first; then the outcome is audited and
    // counted, before the agent hears that its result was stored.
    await new Promise<void>((resolve) => process.nextTick(resolve));
    recordOutcome(services, reply.ended, { source_ip: sourceIp });
  }
  return 'stored';
}
