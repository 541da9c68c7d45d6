// Running one command to its end for a request that waits: submit, wait for the result (woken by
// the store), or time it out and say where to fetch it later.
import type { Context } from 'hono';
import {
  PortholeError,
  type CommandEnvelope,
  type ExecRequest,
  type Result,
} from '@porthole/protocol';
import type { HonoEnv, Services } from '../context.js';
import { waitSignal } from '../validate.js';
import { expireCommand } from './outcomes.js';
import { submitCommand } from './submit.js';

export async function runCommand(
  services: Services,
  c: Context<HonoEnv>,
  clusterId: string,
  request: ExecRequest,
): Promise<{ command: CommandEnvelope; result: Result }> {
  const command = await submitCommand(services, c, clusterId, request);
  const signal = waitSignal(services, c);
  let result = await services.store.commands.waitForResult(
    command.id,
    command.deadline - services.now(),
    signal,
  );
  if (!result && !signal.aborted && services.now() < command.deadline) {
    // The wait ended before the deadline without a result: read the command once. A store that
    // is away answers 503 store_unavailable here, never a timeout that did not happen.
    const state = await services.store.commands.get(command.id);
    if (state && 'result' in state && !state.timedOut) result = state.result;
  }
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
