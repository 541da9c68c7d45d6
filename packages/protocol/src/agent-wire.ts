// The wire between the API and its agents: what an agent pulls and what it posts back.
import { z } from 'zod';
import { CommandId } from './http.js';

/** A command as the API hands it to an agent. `deadline` is epoch milliseconds. */
export const CommandEnvelope = z.object({
  id: z.string(),
  clusterId: z.string(),
  argv: z.array(z.string()).min(1),
  /** The caller's display name, for audit; never used to decide who may read the command. */
  principal: z.string(),
  /**
   * The stable id of the client principal that owns the command and its result (an issued
   * key's id, a static key's derived id, an OIDC issuer+subject digest). Absent: no client owns
   * it, only admins read it.
   */
  owner: z.string().max(128).optional(),
  /** For the audit trail of the result; not part of what the agent runs. */
  sessionId: z.string().optional(),
  keyPrefix: z.string().max(8).optional(),
  /** The front door that queued it when not plain HTTP (MCP), for the audit of its end. */
  via: z
    .object({
      via: z.literal('mcp'),
      client_name: z.string().max(256).nullable(),
      client_version: z.string().max(256).nullable(),
    })
    .optional(),
  createdAt: z.number().int(),
  deadline: z.number().int(),
  /** Output cap the agent applies (PORTHOLE_MAX_OUTPUT_BYTES of the API). */
  maxOutputBytes: z.number().int().positive(),
  /**
   * The client's budget for the first page of the Result (its `maxOutputBytes`), which the API
   * applies whenever the result is read. The API's alone: the agent caps at `maxOutputBytes`.
   */
  pageBytes: z.number().int().positive().optional(),
  /** Compact JWS over EnvelopeClaims, signed with the API's Ed25519 key. */
  signature: z.string().max(16_384),
});
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;

export const AgentPollResponse = z.object({ commands: z.array(CommandEnvelope) });
export type AgentPollResponse = z.infer<typeof AgentPollResponse>;

/** What an agent posts for a command; the API adds ids and timestamps it already knows. */
export const AgentResultPost = z
  .object({
    status: z.enum(['succeeded', 'failed']),
    exitCode: z.number().int().min(0).max(255),
    output: z.string(),
    error: z.string().nullable(),
    truncated: z.boolean(),
    outputBytes: z.number().int().nonnegative(),
    redactions: z.number().int().nonnegative(),
    /** What `redactions` counts, by kind (for porthole_redactions_total). */
    redactionKinds: z.record(z.string().max(32), z.number().int().nonnegative()).optional(),
    durationMs: z.number().nonnegative(),
    /** The canonical argv the agent actually ran (after its own policy check). */
    command: z.array(z.string()).min(1),
  })
  .strict();
export type AgentResultPost = z.infer<typeof AgentResultPost>;

/** Headers an agent sends on every poll so the API can show what it runs against. */
export const AGENT_VERSION_HEADER = 'x-porthole-agent-version';
export const KUBERNETES_VERSION_HEADER = 'x-porthole-kubernetes-version';

/**
 * What the API signs (Ed25519 compact JWS) for each command. The agent runs these claims,
 * never the unsigned envelope fields beside them.
 */
export const EnvelopeClaims = z
  .object({
    jti: z.string(),
    cluster: z.string(),
    argv: z.array(z.string()).min(1),
    sub: z.string(),
    iat: z.number().int(),
    exp: z.number().int(),
    nonce: z.string().min(16),
    max_output_bytes: z.number().int().positive(),
    /**
     * The namespaces the command may read; null when the principal is unrestricted. For a
     * namespace-scoped principal the API signs its scope narrowed to the command's namespace
     * (so the claim stays small whatever the key's list), and the agent refuses any argv that,
     * resolved with its own discovery, reads outside it (cluster-scoped kinds, -A, other namespaces).
     */
    namespaces: z.array(z.string().min(1).max(63)).max(1000).nullable(),
  })
  .strict();
export type EnvelopeClaims = z.infer<typeof EnvelopeClaims>;

export const JWKS_PATH = '/.well-known/jwks.json';

/** One API resource of a cluster, as its agent's discovery sees it (policy resolves names with it). */
export const ApiResourceInfo = z.object({
  name: z.string().min(1).max(253),
  singularName: z.string().max(253),
  shortNames: z.array(z.string().max(63)).max(16),
  kind: z.string().min(1).max(253),
  group: z.string().max(253),
  version: z.string().min(1).max(63),
  namespaced: z.boolean(),
  categories: z.array(z.string().max(63)).max(16),
});
export type ApiResourceInfo = z.infer<typeof ApiResourceInfo>;

/** PUT /v1/agent/discovery: what an agent reports when it connects and when discovery changes. */
export const DiscoveryReport = z.object({ resources: z.array(ApiResourceInfo).max(5000) }).strict();
export type DiscoveryReport = z.infer<typeof DiscoveryReport>;

/**
 * A command as the agent channel carries it: its id and the compact JWS of its claims. The
 * agent acts on the verified claims alone, so nothing else travels.
 */
export const AgentCommand = z.object({
  id: CommandId,
  jws: z.string().max(16_384),
});
export type AgentCommand = z.infer<typeof AgentCommand>;

/** The agent channel's media type: one JSON object per line (NDJSON). */
export const AGENT_STREAM_CONTENT_TYPE = 'application/x-ndjson';
/**
 * The Upgrade token an agent sends on GET /v1/agent/stream to ask for the stream on the bare
 * connection (101 Switching Protocols, then the same NDJSON lines unframed). An API or proxy that
 * ignores it answers the plain stream (200, chunked).
 */
export const AGENT_STREAM_UPGRADE = 'porthole-stream';

/** Most ids in one lease renewal; an agent runs far fewer commands at once. */
export const MAX_RENEWAL_IDS = 256;

/** `POST /v1/agent/leases`: the commands the agent is still running. */
export const LeaseRenewal = z.object({ ids: z.array(CommandId).min(1).max(MAX_RENEWAL_IDS) });
export type LeaseRenewal = z.infer<typeof LeaseRenewal>;

/** Its answer: the ids whose lease was extended (the others ended or are no longer yours). */
export const LeaseRenewalReply = z.object({ renewed: z.array(CommandId) });
export type LeaseRenewalReply = z.infer<typeof LeaseRenewalReply>;

/** Most results in one batched post. */
export const MAX_BATCH_RESULTS = 64;

/** `POST /v1/agent/results`: several results at once, when several commands ended together. */
export const AgentResultBatch = z.object({
  results: z
    .array(AgentResultPost.extend({ id: CommandId }))
    .min(1)
    .max(MAX_BATCH_RESULTS),
});
export type AgentResultBatch = z.infer<typeof AgentResultBatch>;

/** What became of each, in order: as the single post's 204, 409, 404 and 403. */
export const AgentResultBatchReply = z.object({
  outcomes: z.array(
    z.object({ id: CommandId, outcome: z.enum(['stored', 'duplicate', 'not_found', 'forbidden']) }),
  ),
});
export type AgentResultBatchReply = z.infer<typeof AgentResultBatchReply>;

/** A batch of results sent up the stream is numbered, so its answer can name it. */
const ResultsSeq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * One line of the agent channel (`GET /v1/agent/stream`): `hello` first (the cluster the token
 * is for, the lease the API holds commands under, how often an idle channel says `ping`, and on
 * the bare connection the longest results line it takes), then `command`s as they are handed out
 * and `ping`s while idle; on the bare connection also the answer to each results line: `stored`
 * (as POST /v1/agent/results answers) or `unstored` (the store failed: post them again).
 */
export const AgentStreamLine = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    clusterId: z.string(),
    leaseMs: z.number().int().positive(),
    pingMs: z.number().int().positive(),
    resultLineBytes: z.number().int().positive().optional(),
  }),
  AgentCommand.extend({ type: z.literal('command') }),
  z.object({ type: z.literal('ping') }),
  AgentResultBatchReply.extend({ type: z.literal('stored'), seq: ResultsSeq }),
  z.object({ type: z.literal('unstored'), seq: ResultsSeq }),
]);
export type AgentStreamLine = z.infer<typeof AgentStreamLine>;

/**
 * What an agent writes up a bare-connection stream whose hello offered it: a results batch as
 * POST /v1/agent/results takes it, numbered, on one line of at most `resultLineBytes`.
 */
export const AgentStreamResults = AgentResultBatch.extend({
  type: z.literal('results'),
  seq: ResultsSeq,
});
export type AgentStreamResults = z.infer<typeof AgentStreamResults>;

/** How often an agent reports its health (and sooner when the kube-apiserver comes or goes). */
export const AGENT_HEALTH_INTERVAL_MS = 10_000;
/** Longest kube error text an agent reports (already scrubbed by the agent, again by the API). */
export const AGENT_HEALTH_ERROR_CHARS = 200;
/** Printable ASCII and spaces only: a report is data, never a terminal escape or a new line. */
const PRINTABLE = /^[\x20-\x7e]+$/;
/** A count since the agent started. */
const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** An age in seconds (zod's numbers are finite); a year bounds any honest value. */
const AgeSeconds = z
  .number()
  .nonnegative()
  .max(366 * 86_400);

/**
 * `PUT /v1/agent/health` (→ 204): what an agent says of itself every few seconds, whatever
 * channel it uses (the agent has no inbound port: this is how its health reaches Prometheus).
 */
export const AgentHealth = z
  .object({
    /** The agent's own version (a label value of porthole_agent_info: a version's characters only). */
    version: z
      .string()
      .max(64)
      .regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/, 'must be a version (letters, digits, . + _ -)'),
    /** Whether the kube-apiserver answered the agent's last request or probe. */
    kubeReachable: z.boolean(),
    /** Kube requests that failed (no answer, a 5xx, credentials refused) since the agent started. */
    kubeErrors: Count,
    /** The latest such failure: a short scrubbed text and how long ago it happened. */
    lastKubeError: z
      .object({
        message: z.string().min(1).max(AGENT_HEALTH_ERROR_CHARS).regex(PRINTABLE),
        ageSeconds: AgeSeconds,
      })
      .strict()
      .nullable(),
    /** Commands run since the agent started. */
    commands: Count,
    /** Commands running now. */
    inFlight: z.number().int().nonnegative().max(1024),
    /** Values redacted since the agent started. */
    redactions: Count,
    /** How long the oldest command delivered but not yet started has waited (0: none waits). */
    queueAgeSeconds: AgeSeconds,
  })
  .strict();
export type AgentHealth = z.infer<typeof AgentHealth>;

/**
 * `GET /v1/agent/whoami`: the cluster the agent's token is for. An agent asks before it starts,
 * so it learns its cluster from its token, and stops when PORTHOLE_CLUSTER_ID says otherwise.
 */
export const AgentIdentity = z.object({ clusterId: z.string() });
export type AgentIdentity = z.infer<typeof AgentIdentity>;
