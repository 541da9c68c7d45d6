// The agent's own namespace-scope check: the namespaces the API signed, against the command as
// the agent resolves it with its own discovery and the policy's built-in table.
import type { EnvelopeClaims } from '@porthole/protocol';
import { namespaceScopeViolation, type AllowedDecision } from '@porthole/policy';

/**
 * Why the agent refuses to run `decision` for these claims, or null. `decision` must come from
 * the agent's own evaluation, so a cluster-scoped kind stays cluster-scoped whatever the API
 * was told; the rule is the one the API applies to the caller's key.
 */
export function scopeRefusal(claims: EnvelopeClaims, decision: AllowedDecision): string | null {
  const violation = namespaceScopeViolation(claims.namespaces, decision);
  return violation === null
    ? null
    : `refused by the agent: the signed scope does not cover this command (${violation})`;
}
