// Who may read a command and its result: its owner (by principal id, never by name) or an admin,
// and only while the caller's scope still covers the command's cluster and namespaces. To anyone
// else the command does not exist: one answer, so it is no oracle.
import { CommandId, PortholeError, type CommandEnvelope } from '@porthole/protocol';
import { evaluate } from '@porthole/policy';
import type { CommandState } from '@porthole/store';
import type { ClientPrincipal } from '../auth/credentials.js';
import { mayUseCluster, namespaceViolation } from '../auth/scope.js';
import type { Services } from '../context.js';

const notFound = () => new PortholeError('command_not_found', 'no such command');

/** The command's current state when the caller may read it; otherwise command_not_found. */
export async function readableCommand(
  services: Services,
  client: ClientPrincipal,
  id: string,
): Promise<CommandState> {
  if (!CommandId.safeParse(id).success) throw notFound();
  const state = await services.store.commands.get(id);
  if (!state || !(await mayRead(services, client, state.command))) throw notFound();
  return state;
}

async function mayRead(
  services: Services,
  client: ClientPrincipal,
  command: CommandEnvelope,
): Promise<boolean> {
  const { scope } = client;
  // A command without an owner (queued by an older API) is for admins only.
  if (!scope.admin && command.owner !== client.id) return false;
  // The scope is read again now: a key or group narrowed since the command ran loses its results.
  if (!mayUseCluster(scope, command.clusterId)) return false;
  if (scope.admin || scope.namespaces === null) return true;
  // The canonical argv evaluates to the decision it was queued under (policy/decision.ts), so
  // the namespaces it touched are checked with the same rule exec uses.
  const discovery = await services.discovery.get(command.clusterId);
  const decision = evaluate(command.argv, {
    policy: services.config.policy,
    ...(discovery ? { discovery } : {}),
  });
  return decision.allowed && namespaceViolation(scope, decision) === null;
}
