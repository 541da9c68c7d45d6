// The namespaces claim the API signs into a command envelope, from the caller's scope.
import type { AllowedDecision } from '@porthole/policy';
import type { Scope } from '../auth/scope.js';

/**
 * null for an unrestricted caller. For a namespace-scoped one, its scope narrowed to what this
 * command reads (namespaceViolation already held it inside): the one namespace it names, or
 * nothing for a command that reads no object. The claim stays small whatever the key's list,
 * and it is all the agent needs to refuse the same command on its own view of the cluster.
 */
export function signedNamespaces(scope: Scope, decision: AllowedDecision): string[] | null {
  if (scope.admin || scope.namespaces === null) return null;
  return decision.readsObjects && decision.namespace !== null ? [decision.namespace] : [];
}
