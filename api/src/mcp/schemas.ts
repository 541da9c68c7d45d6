// The MCP tools' input and output schemas (CONTRACT §3c), and the shapes of the API answers the
// tools read (CONTRACT §3, §3a, §3b). tools/list publishes the first as JSON Schema.
import { z } from 'zod';
import {
  ClusterId,
  ClusterList,
  ClusterSelector,
  CommandId,
  ErrorBody,
  ErrorDetail,
  MAX_COMMAND_CHARS,
  MAX_FLEET_SELECTORS,
  OutputBudget,
  PolicyCheckResult,
  PolicySummaryBody,
  TimeoutSeconds,
  WhoAmI,
} from '@porthole/protocol';

/** The first page of a command's output when the caller names no budget: enough to read, not a flood. */
export const DEFAULT_PAGE_BYTES = 64 * 1024;
/** The same per cluster of a fleet call, which may reach many clusters. */
export const DEFAULT_FLEET_PAGE_BYTES = 16 * 1024;

/** What every tool is: it reads, changes nothing, may be repeated, and reaches real clusters. */
export const READ_ONLY = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

// ── inputs ──────────────────────────────────────────────────────────────────────────────────

// The API's own field schemas, so tools/list says what the API will accept.
const cluster = ClusterId.describe('A cluster id, as list_clusters shows it.');
const command = z
  .string()
  .min(1)
  .max(MAX_COMMAND_CHARS)
  .describe('kubectl arguments, with or without a leading `kubectl`, e.g. `get pods -n default`.');
const bytes = (what: string, max: number) => OutputBudget.max(max).describe(what);

/** Built per app: byte budgets are bounded by PORTHOLE_MAX_OUTPUT_BYTES. */
export function inputSchemas(maxOutputBytes: number) {
  return {
    list_clusters: {},
    kubectl: {
      cluster,
      command,
      maxOutputBytes: bytes(
        `Bytes of output in the first page (default ${DEFAULT_PAGE_BYTES}); read the rest with read_output.`,
        maxOutputBytes,
      ).optional(),
      timeoutSeconds: TimeoutSeconds.describe(
        'How long to wait for the cluster to answer.',
      ).optional(),
    },
    kubectl_fleet: {
      clusters: z
        .array(ClusterSelector)
        .min(1)
        .max(MAX_FLEET_SELECTORS)
        .describe('Cluster ids or globs (`prod-*`).'),
      command,
      maxOutputBytesPerCluster: bytes(
        `Bytes of output per cluster (default ${DEFAULT_FLEET_PAGE_BYTES}); read the rest with read_output.`,
        maxOutputBytes,
      ).optional(),
    },
    read_output: {
      commandId: CommandId.describe('commandId from kubectl or kubectl_fleet.'),
      cursor: z.string().min(1).max(1024).describe('nextCursor from the previous page.'),
      maxBytes: bytes(
        `Bytes in this page (default ${DEFAULT_PAGE_BYTES}).`,
        maxOutputBytes,
      ).optional(),
    },
    check_command: {
      command,
      cluster: cluster.optional(),
    },
    describe_access: {},
  };
}

// ── outputs ─────────────────────────────────────────────────────────────────────────────────

/** Why the gateway did not run a command, or could not answer: the API's error, as sent. */
const ToolError = ErrorDetail;

/** One command's outcome, without its output (that is the text). Nulls when nothing ran. */
const CommandOutcome = {
  exitCode: z.number().int().nullable(),
  command: z.array(z.string()).nullable().describe('The canonical argv the agent ran.'),
  truncated: z.boolean().nullable().describe('The agent cut the output at its byte cap.'),
  redactions: z.number().int().nonnegative().nullable().describe('Values the agent redacted.'),
  commandId: z.string().nullable(),
  nextCursor: z
    .string()
    .nullable()
    .describe('Not null: more output, read it with read_output(commandId, cursor).'),
  outputBytes: z.number().int().nonnegative().nullable().describe('Size of the whole output.'),
};

export const KubectlOutput = z.object({
  status: z
    .enum(['succeeded', 'failed', 'denied', 'error'])
    .describe('failed: kubectl ran and failed; denied: the policy refused; error: not run.'),
  ...CommandOutcome,
  error: ToolError.nullable(),
});
export type KubectlOutput = z.infer<typeof KubectlOutput>;

export const FleetOutput = z.object({
  results: z.array(
    z.object({
      clusterId: z.string(),
      status: z.enum(['succeeded', 'failed', 'error']),
      ...CommandOutcome,
      error: ToolError.nullable(),
    }),
  ),
});
export type FleetOutput = z.infer<typeof FleetOutput>;

/** The API's own answers where a tool passes them on whole. */
export const ClustersOutput = ClusterList;
export const CheckOutput = PolicyCheckResult;
export const AccessOutput = WhoAmI.extend(PolicySummaryBody.shape);

export const ReadOutputOutput = z.object({
  commandId: z.string(),
  nextCursor: z.string().nullable().describe('Not null: call read_output again with it.'),
});

// ── API answers ─────────────────────────────────────────────────────────────────────────────

/** Every API error; a timeout also carries the commandId (ErrorBody keeps unknown keys). */
export const ApiErrorBody = ErrorBody.transform((body) => ({
  ...body.error,
  commandId: typeof body.commandId === 'string' ? body.commandId : undefined,
}));
