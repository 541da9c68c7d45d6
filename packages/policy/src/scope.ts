// The namespace-scope rule for an allowed command, shared by the API (the key's scope) and the
// agent (the scope the API signed into the envelope), so both refuse the same commands.
import type { AllowedDecision } from './decision.js';

/**
 * Why an allowed command is outside `namespaces`, or null when it is inside; null `namespaces`
 * means unrestricted. A restricted command must name its namespace: the agent's default
 * namespace is not the API's to guess. Commands that read no object (version, api-resources,
 * api-versions, explain) are inside any scope.
 */
export function namespaceScopeViolation(
  namespaces: readonly string[] | null,
  decision: AllowedDecision,
): string | null {
  if (namespaces === null || !decision.readsObjects) return null;
  if (decision.allNamespaces) return 'this key is limited to namespaces and cannot use -A';
  if (decision.clusterScoped)
    return 'this key is limited to namespaces and cannot read cluster-scoped resources';
  if (decision.namespace === null) return 'this key is limited to namespaces: name one with -n';
  if (!namespaces.includes(decision.namespace))
    return `this key may not read namespace ${decision.namespace}`;
  return null;
}
