// How commands end, counted and audited where the store says the state changed: only a caller
// holding a transition the store returned to it (complete, expire, expireDue) records it, so each
// command is counted once across replicas, whoever was waiting and whoever was not.
import { describeError } from '@porthole/runtime';
import type { CommandOutcome } from '@porthole/store';
import type { AuditActor } from '../audit.js';
import type { Services } from '../context.js';
import { safeArgv } from '../safe-text.js';

/** porthole_commands_total and the command_executed event, for the one end of one command. */
export function recordOutcome(
  services: Services,
  ended: CommandOutcome,
  actor: AuditActor = {},
): void {
  const { metrics, now } = services;
  const { command } = ended;
  const labels = {
    cluster: metrics.clusterLabel(command.clusterId),
    verb: metrics.verbLabel(command.argv[0]),
  };
  metrics.commands.inc({ ...labels, status: ended.status });
  const who = {
    ...actor,
    principal: command.principal,
    api_key_prefix: command.keyPrefix ?? null,
    cluster_id: command.clusterId,
    session_id: command.sessionId ?? null,
    command_id: command.id,
    // The front door it came through (MCP), remembered on the command since the request is gone.
    ...(command.via ? { via: command.via } : {}),
  };
  if (ended.status === 'timeout') {
    services.audit.emit('command_executed', {
      ...who,
      // Nobody's request ended it: the deadline did.
      source_ip: null,
      command: safeArgv(command.argv),
      outcome: 'failure',
      details: {
        status: 'timeout',
        reason: ended.reason,
        deadline: new Date(command.deadline).toISOString(),
      },
    });
    return;
  }
  const { result } = ended;
  metrics.commandDuration.observe(labels, Math.max(0, now() - command.createdAt) / 1000);
  services.audit.emit('command_executed', {
    ...who,
    // A credential pasted into an allowed argument (a label value) stays out of the trail.
    command: safeArgv(result.command),
    outcome: result.status === 'succeeded' ? 'success' : 'failure',
    details: {
      status: result.status,
      exit_code: result.exitCode,
      duration_ms: result.durationMs,
      truncated: result.truncated,
      redactions: result.redactions,
    },
  });
}

/**
 * Times a command out if it is due and nobody did yet; counts it when this call did. Never
 * fails the request it serves: if the store does not answer, the sweep counts the timeout later.
 */
export async function expireCommand(services: Services, id: string): Promise<void> {
  try {
    const ended = await services.store.commands.expire(id);
    if (ended) recordOutcome(services, ended);
  } catch (err) {
    services.logger.warn(
      { err: describeError(err), commandId: id },
      'timeout not written; the sweep retries',
    );
  }
}

/** Commands expired per store call; the sweep calls again while more are due. */
const SWEEP_BATCH = 100;
/** Bounds one sweep, so a backlog is worked off over several ticks instead of one long one. */
const SWEEP_MAX_BATCHES = 10;

/**
 * Times out every command past its deadline that nobody answered (the periodic sweep of each
 * replica: what counts a timeout when no client waits). Resolves with how many this call ended.
 */
export async function sweepExpired(services: Services): Promise<number> {
  let count = 0;
  for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch += 1) {
    const { ended, more } = await services.store.commands.expireDue(SWEEP_BATCH);
    for (const outcome of ended) recordOutcome(services, outcome);
    count += ended.length;
    if (!more) break;
  }
  return count;
}
