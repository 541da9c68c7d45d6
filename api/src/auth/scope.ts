// What a credential may reach: clusters, namespaces, admin routes.
import type { Decision } from '@porthole/policy';

export interface Scope {
  /** null = every cluster. */
  clusters: readonly string[] | null;
  /** null = every namespace and cluster-scoped kinds. */
  namespaces: readonly string[] | null;
  admin: boolean;
}

export const FULL_SCOPE: Scope = { clusters: null, namespaces: null, admin: false };

export function mayUseCluster(scope: Scope, clusterId: string): boolean {
  return scope.admin || scope.clusters === null || scope.clusters.includes(clusterId);
}

/**
 * Why an allowed command is outside a namespace-scoped credential, or null when it is inside.
 * A scoped key must name its namespace: the agent's default namespace is not the API's to guess.
 */
export function namespaceViolation(
  scope: Scope,
  decision: Extract<Decision, { allowed: true }>,
): string | null {
  if (scope.admin || scope.namespaces === null) return null;
  // version, api-resources, api-versions and explain read no object of any namespace.
  if (!decision.readsObjects) return null;
  if (decision.allNamespaces) return 'this key is limited to namespaces and cannot use -A';
  if (decision.clusterScoped)
    return 'this key is limited to namespaces and cannot read cluster-scoped resources';
  if (decision.namespace === null) return 'this key is limited to namespaces: name one with -n';
  if (!scope.namespaces.includes(decision.namespace))
    return `this key may not read namespace ${decision.namespace}`;
  return null;
}

/** The union of several scopes (an OIDC user in several groups). */
export function unionScopes(scopes: readonly Scope[]): Scope | null {
  if (scopes.length === 0) return null;
  const all = <T>(pick: (s: Scope) => readonly T[] | null): T[] | null =>
    scopes.some((s) => pick(s) === null)
      ? null
      : [...new Set(scopes.flatMap((s) => pick(s) ?? []))];
  return {
    clusters: all((s) => s.clusters),
    namespaces: all((s) => s.namespaces),
    admin: scopes.some((s) => s.admin),
  };
}
