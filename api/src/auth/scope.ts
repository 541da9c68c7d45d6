// What a credential may reach: clusters, namespaces, admin routes.
import { namespaceScopeViolation, type Decision } from '@porthole/policy';

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
 * The rule is the policy's, so the agent applies the same one to the envelope's namespaces claim.
 */
export function namespaceViolation(
  scope: Scope,
  decision: Extract<Decision, { allowed: true }>,
): string | null {
  return scope.admin ? null : namespaceScopeViolation(scope.namespaces, decision);
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
