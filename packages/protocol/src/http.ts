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

export const ExecRequest = z
  .object({
    command: z.union([
      z.string().min(1).max(MAX_COMMAND_CHARS),
      z.array(z.string().max(MAX_COMMAND_CHARS)).min(1).max(MAX_ARGV),
    ]),
    timeoutSeconds: z.number().int().min(1).max(300).optional(),
    sessionId: z.string().min(1).max(128).optional(),
  })
  .strict();
export type ExecRequest = z.infer<typeof ExecRequest>;

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

export const PendingCommand = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running']),
});
export type PendingCommand = z.infer<typeof PendingCommand>;

export const ClusterInfo = z.object({
  id: z.string(),
  connected: z.boolean(),
  lastSeenAt: z.string().nullable(),
  agentVersion: z.string().nullable(),
  kubernetesVersion: z.string().nullable(),
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
