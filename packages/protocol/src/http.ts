// zod schemas of the client-facing HTTP contract (CONTRACT §3).
import { z } from 'zod';
import { ErrorCode } from './errors.js';

/** Cluster ids are DNS-1123 labels so they are safe in keys, URLs and metric labels. */
export const ClusterId = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label');

export const CommandId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'malformed command id');

export const MAX_COMMAND_CHARS = 4096;
export const MAX_ARGV = 64;

/** kubectl syntax as one string (split with shell-style quoting, no shell features) or an argv. */
export const Command = z.union([
  z.string().min(1).max(MAX_COMMAND_CHARS),
  z.array(z.string().max(MAX_COMMAND_CHARS)).min(1).max(MAX_ARGV),
]);

export const TimeoutSeconds = z.number().int().min(1).max(300);

/**
 * How many bytes of output one answer may carry (CONTRACT §3a). The API bounds it further by its
 * PORTHOLE_MAX_OUTPUT_BYTES: see boundedExecRequest.
 */
export const OutputBudget = z.number().int().min(1);

export const ExecRequest = z
  .object({
    command: Command,
    timeoutSeconds: TimeoutSeconds.optional(),
    sessionId: z.string().min(1).max(128).optional(),
    /** The first page's budget: the Result then holds a page of the output and a nextCursor. */
    maxOutputBytes: OutputBudget.optional(),
  })
  .strict();
export type ExecRequest = z.infer<typeof ExecRequest>;

/** ExecRequest as an API with this PORTHOLE_MAX_OUTPUT_BYTES accepts it. */
export function boundedExecRequest(maxOutputBytes: number) {
  return ExecRequest.extend({ maxOutputBytes: OutputBudget.max(maxOutputBytes).optional() });
}

export const CommandStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type CommandStatus = z.infer<typeof CommandStatus>;

export const Result = z.object({
  id: z.string(),
  clusterId: z.string(),
  command: z.array(z.string()),
  status: z.enum(['succeeded', 'failed']),
  exitCode: z.number().int(),
  output: z.string(),
  error: z.string().nullable(),
  truncated: z.boolean(),
  outputBytes: z.number().int().nonnegative(),
  redactions: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
  createdAt: z.string(),
  completedAt: z.string(),
});
export type Result = z.infer<typeof Result>;

/**
 * A Result as clients read it (CONTRACT §3, §3a). With a budget, `output` is the first page of
 * the output, cut at a line boundary (never inside a UTF-8 character), and `nextCursor` reads the
 * rest from GET /v1/commands/{id}/output; `outputBytes` stays the whole output's size. Without
 * one, `output` is the whole output and `nextCursor` is null.
 */
export const ExecResult = Result.extend({ nextCursor: z.string().nullable() });
export type ExecResult = z.infer<typeof ExecResult>;

export const PendingCommand = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running']),
});
export type PendingCommand = z.infer<typeof PendingCommand>;

/** POST /v1/clusters/{id}/commands → 202. */
export const QueuedCommand = z.object({ id: z.string(), status: z.literal('queued') });
export type QueuedCommand = z.infer<typeof QueuedCommand>;

/** GET /v1/commands/{id}/output: one page of a stored output. */
export const OutputPage = z.object({
  /** The page, cut as the Result's first page is; empty at or past the end. */
  output: z.string(),
  /** Reads the next page; null when this page ends the output. */
  nextCursor: z.string().nullable(),
});
export type OutputPage = z.infer<typeof OutputPage>;

/** The health an agent of the cluster last reported (`PUT /v1/agent/health`), as the API keeps it. */
export const ClusterHealth = z.object({
  /** When the API received the report; a report older than the offline window is not shown. */
  reportedAt: z.string(),
  version: z.string(),
  kubeReachable: z.boolean(),
  kubeErrors: z.number().int().nonnegative(),
  lastKubeError: z.object({ message: z.string(), at: z.string() }).nullable(),
  commands: z.number().int().nonnegative(),
  inFlight: z.number().int().nonnegative(),
  redactions: z.number().int().nonnegative(),
  queueAgeSeconds: z.number().nonnegative(),
});
export type ClusterHealth = z.infer<typeof ClusterHealth>;

export const ClusterInfo = z.object({
  id: z.string(),
  connected: z.boolean(),
  lastSeenAt: z.string().nullable(),
  agentVersion: z.string().nullable(),
  kubernetesVersion: z.string().nullable(),
  /** Null when no agent reported within the offline window; absent from older APIs. */
  health: ClusterHealth.nullable().optional(),
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;

export const ClusterList = z.object({ clusters: z.array(ClusterInfo) });
export type ClusterList = z.infer<typeof ClusterList>;

export const CreateSession = z.object({ clusterId: ClusterId }).strict();
export type CreateSession = z.infer<typeof CreateSession>;

/** POST /v1/sessions → 201. */
export const SessionCreated = z.object({
  id: z.string(),
  clusterId: z.string(),
  expiresAt: z.string(),
});
export type SessionCreated = z.infer<typeof SessionCreated>;

export const SessionInfo = SessionCreated.extend({ createdAt: z.string() });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const HealthStatus = z.object({ status: z.literal('ok') });

/** The public keys that sign command envelopes (JWKS_PATH). */
export const Jwks = z.object({
  keys: z.array(
    z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.string() }),
  ),
});

export const ErrorDetail = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  /** On command_denied and invalid_request about a command: the policy rule it broke. */
  rule: z.string().optional(),
  /** On command_denied and invalid_request about a command: how to get what was meant. */
  suggestion: z.string().optional(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** Every error answer; some carry more beside `error` (`commandId` on a timeout). */
export const ErrorBody = z.looseObject({ error: ErrorDetail });
export type ErrorBody = z.infer<typeof ErrorBody>;
