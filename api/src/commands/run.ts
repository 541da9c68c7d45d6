// Running one command to its end for a request that waits: submit, wait for the result (woken by
// the store), or time it out and say where to fetch it later.
import type { Context } from 'hono';
import {
  PortholeError,
  type CommandEnvelope,
  type ExecRequest,
  type Result,
} from '@porthole/protocol';
import { describeError } from '@porthole/runtime';
import type { ExpectedResult } from '@porthole/store';
import type { HonoEnv, Services } from '../context.js';
import { clientGone, waitSignal } from '../body.js';
import { expireCommand, recordOutcome } from './outcomes.js';
import { submitCommand } from './submit.js';

export async function runCommand(
  services: Services,
  c: Context<HonoEnv>,
  clusterId: string,
  request: ExecRequest,
): Promise<{ command: CommandEnvelope; result: Result }> {
  // The wait starts before the command is queued, so it begins without reading the store.
  const pending: { expected?: ExpectedResult } = {};
  const command = await submitCommand(services, c, clusterId, request, (queued) => {
    pending.expected = services.store.commands.expectResult(queued);
  }).catch((err: unknown) => {
    pending.expected?.cancel();
    throw err;
  });
  const expected = pending.expected;
  if (!expected) throw new Error('the command was queued without a wait for its result');
  const signal = waitSignal(services, c);
  let result = await expected.wait(command.deadline - services.now(), signal);
  if (!result && !signal.aborted) {
    // The wait ended without a result: read the command once. Before the deadline the store may
    // have been away (it answers 503 store_unavailable here, never a timeout that did not
    // happen); at the deadline, a result whose announcement was lost (a subscriber connection
    // moving to another node) is still found, so it is never reported as a timeout.
    const state = await services.store.commands.get(command.id);
    if (state && 'result' in state && !state.timedOut) result = state.result;
  }
  if (!result && clientGone(c).aborted) await withdrawForGoneClient(services, command);
  if (!result) {
    // Counted only if this wait is the one that times the command out (a result landing now is
    // late, and another replica's sweep may have been first).
    await expireCommand(services, command.id);
    throw new PortholeError('timeout', 'no result within the wait; fetch it later by commandId', {
      extra: { commandId: command.id },
    });
  }
  return { command, result };
}

/** What a command withdrawn for its gone client reads as, if anyone fetches it by id. */
export const CLIENT_GONE_MESSAGE =
  'the client went away before an agent took the command; it was not run';

/**
 * The client that waited went away: nobody will read the result, so a command no agent has taken
 * yet is withdrawn rather than run (one an agent holds runs to its end, readable by id). Only
 * here: a command queued with POST /commands runs whoever waits.
 */
async function withdrawForGoneClient(services: Services, command: CommandEnvelope): Promise<void> {
  const at = new Date(services.now()).toISOString();
  try {
    const ended = await services.store.commands.withdraw({
      id: command.id,
      clusterId: command.clusterId,
      command: command.argv,
      status: 'failed',
      exitCode: 1,
      output: '',
      error: CLIENT_GONE_MESSAGE,
      truncated: false,
      outputBytes: 0,
      redactions: 0,
      durationMs: 0,
      createdAt: new Date(command.createdAt).toISOString(),
      completedAt: at,
    });
    if (ended) recordOutcome(services, ended);
  } catch (err) {
    // The command stays queued and runs; its result is readable by id as for any other.
    services.logger.warn(
      { err: describeError(err), commandId: command.id },
      'command of a gone client not withdrawn; it runs',
    );
  }
}
