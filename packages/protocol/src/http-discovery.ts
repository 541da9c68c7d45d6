// zod schemas of discovery and fleet (CONTRACT §3b): who am I, what does the policy allow,
// would this command pass, and one command on many clusters.
import { z } from 'zod';
import {
  ClusterId,
  Command,
  ErrorDetail,
  ExecResult,
  OutputBudget,
  TimeoutSeconds,
} from './http.js';

/** GET /v1/whoami. */
export const WhoAmI = z.object({
  /** The credential's name: a key's name, `oidc:<subject>`. */
  principal: z.string(),
  /** Which kind of credential it is; never the credential. */
  credential: z.enum(['static_key', 'issued_key', 'oidc']),
  /** What it may reach, as enforced (an admin reaches everything: nulls). */
  scopes: z.object({
    clusters: z.array(z.string()).nullable(),
    namespaces: z.array(z.string()).nullable(),
    admin: z.boolean(),
  }),
});
export type WhoAmI = z.infer<typeof WhoAmI>;

/** GET /v1/policy: what @porthole/policy's policySummary() lists. */
export const PolicySummaryBody = z.object({
  /** By verb (`top pod`, `rollout status` and the like by verb and subcommand). */
  verbs: z.record(
    z.string(),
    z.object({ flags: z.array(z.string()), outputs: z.array(z.string()) }),
  ),
  pipeStages: z.array(z.string()),
  deniedResources: z.array(z.string()),
});
export type PolicySummaryBody = z.infer<typeof PolicySummaryBody>;

/** POST /v1/policy/check. */
export const PolicyCheckRequest = z
  .object({
    command: Command,
    /** Resolve names with this cluster's discovery, and apply the caller's scope for it. */
    clusterId: ClusterId.optional(),
  })
  .strict();
export type PolicyCheckRequest = z.infer<typeof PolicyCheckRequest>;

export const DenyRuleName = z.enum(['verb', 'resource', 'flag', 'output', 'syntax', 'namespace']);

export const PolicyCheckResult = z.object({
  allowed: z.boolean(),
  /** The canonical argv that would run; null when not allowed. */
  argv: z.array(z.string()).nullable(),
  rule: DenyRuleName.optional(),
  message: z.string().optional(),
  suggestion: z.string().optional(),
});
export type PolicyCheckResult = z.infer<typeof PolicyCheckResult>;

/** A cluster id, or a glob of ids (`*` any run, `?` one character). */
export const ClusterSelector = z
  .string()
  .regex(/^[a-z0-9*?-]{1,63}$/, 'must be a cluster id or a glob of one (* and ? only)');

/** Most selectors one fleet body may list (how many clusters they reach is capped apart). */
export const MAX_FLEET_SELECTORS = 100;

/** POST /v1/fleet/exec. */
export const FleetExecRequest = z
  .object({
    clusters: z.array(ClusterSelector).min(1).max(MAX_FLEET_SELECTORS),
    command: Command,
    /** Budget of each cluster's first page. */
    maxOutputBytes: OutputBudget.optional(),
    timeoutSeconds: TimeoutSeconds.optional(),
  })
  .strict();
export type FleetExecRequest = z.infer<typeof FleetExecRequest>;

/** FleetExecRequest as an API with this PORTHOLE_MAX_OUTPUT_BYTES accepts it. */
export function boundedFleetExecRequest(maxOutputBytes: number) {
  return FleetExecRequest.extend({ maxOutputBytes: OutputBudget.max(maxOutputBytes).optional() });
}

/** A cluster where the command did not give a Result: the error single exec would answer. */
export const FleetError = z.object({
  clusterId: z.string(),
  error: ErrorDetail,
  /** On a timeout: the command can still be read later. */
  commandId: z.string().optional(),
});
export type FleetError = z.infer<typeof FleetError>;

export const FleetExecResponse = z.object({ results: z.array(z.union([ExecResult, FleetError])) });
export type FleetExecResponse = z.infer<typeof FleetExecResponse>;
