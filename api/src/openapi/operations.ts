// Every route of the API as data: who may call it and the zod schemas of what goes in and out.
// GET /openapi.json is generated from this table; a test fails when a route of the app has no row.
import { z } from 'zod';
import {
  AGENT_STREAM_CONTENT_TYPE,
  AgentPollResponse,
  AgentResultBatch,
  AgentResultBatchReply,
  AgentStreamLine,
  LeaseRenewal,
  LeaseRenewalReply,
  AgentResultPost,
  AgentTokenIssued,
  ApiKeyCreated,
  ApiKeyList,
  AuditEvents,
  boundedExecRequest,
  boundedFleetExecRequest,
  ClusterId,
  ClusterList,
  AgentHealth,
  AgentIdentity,
  ClusterRegistered,
  CreateApiKey,
  CreateSession,
  DiscoveryReport,
  ExecResult,
  FleetExecResponse,
  HealthStatus,
  Jwks,
  JWKS_PATH,
  OutputPage,
  PendingCommand,
  PolicyCheckRequest,
  PolicyCheckResult,
  PolicySummaryBody,
  QueuedCommand,
  RegisterCluster,
  RotateToken,
  SessionCreated,
  SessionInfo,
  WhoAmI,
} from '@porthole/protocol';
import { AUDIT_EVENT_TYPES } from '../audit.js';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** Who may call a route: nobody in particular, clients (any key or OIDC), admins, agents. */
export type Access = 'none' | 'client' | 'admin' | 'agent';

export interface Operation {
  method: Method;
  /** The hono pattern, with `:name` path parameters. */
  path: string;
  summary: string;
  access: Access;
  body?: { schema: z.ZodType; required: boolean };
  query?: Record<string, { schema: z.ZodType; description: string }>;
  /** By success status; null: no body. Errors are the one ErrorBody shape (CONTRACT §3). */
  responses: Record<number, { description: string; schema: z.ZodType | null; mediaType?: string }>;
}

/** The limits the schemas carry are this deployment's. */
export interface Limits {
  maxOutputBytes: number;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** A JSON-RPC 2.0 message, or a batch of them (MCP Streamable HTTP). */
const JsonRpc = z.union([
  z.looseObject({ jsonrpc: z.literal('2.0') }),
  z.array(z.looseObject({ jsonrpc: z.literal('2.0') })),
]);

export function operations({ maxOutputBytes }: Limits): Operation[] {
  const exec = boundedExecRequest(maxOutputBytes);
  const budget = {
    schema: int(1, maxOutputBytes),
    description: 'Bytes of output in this answer, cut at a line boundary.',
  };
  const ok = (schema: z.ZodType | null, description = 'OK') => ({ 200: { description, schema } });
  const none = { 204: { description: 'Done', schema: null } };

  return [
    // ── unauthenticated ──
    {
      method: 'get',
      path: '/healthz',
      summary: 'The process is alive',
      access: 'none',
      responses: ok(HealthStatus),
    },
    {
      method: 'get',
      path: '/readyz',
      summary: 'The store answers (else 503 store_unavailable)',
      access: 'none',
      responses: ok(HealthStatus),
    },
    {
      method: 'get',
      path: JWKS_PATH,
      summary: 'The public keys that sign command envelopes',
      access: 'none',
      responses: ok(Jwks),
    },
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This document: OpenAPI 3.1 of every route',
      access: 'none',
      responses: ok(z.looseObject({ openapi: z.string() })),
    },

    // ── clients ──
    {
      method: 'get',
      path: '/v1/clusters',
      summary: 'The clusters this credential may use',
      access: 'client',
      responses: ok(ClusterList),
    },
    {
      method: 'post',
      path: '/v1/clusters/:clusterId/exec',
      summary: 'Run a read-only kubectl command and wait for its Result',
      access: 'client',
      body: { schema: exec, required: true },
      responses: ok(ExecResult, 'The Result: the first page of output with a budget'),
    },
    {
      method: 'post',
      path: '/v1/clusters/:clusterId/commands',
      summary: 'Queue a command; read it with GET /v1/commands/{id}',
      access: 'client',
      body: { schema: exec, required: true },
      responses: { 202: { description: 'Queued', schema: QueuedCommand } },
    },
    {
      method: 'get',
      path: '/v1/commands/:id',
      summary: 'A command: its Result, or that it is still pending',
      access: 'client',
      query: {
        wait: { schema: int(0, 60), description: 'Seconds to wait for a pending command.' },
        maxBytes: {
          ...budget,
          description: `${budget.description} Default: the command's maxOutputBytes, else the whole output.`,
        },
      },
      responses: ok(z.union([ExecResult, PendingCommand])),
    },
    {
      method: 'get',
      path: '/v1/commands/:id/output',
      summary: "A page of a finished command's output (409 conflict while it is pending)",
      access: 'client',
      query: {
        cursor: {
          schema: z.string(),
          description: 'A nextCursor, unchanged; without one, the first page.',
        },
        maxBytes: {
          ...budget,
          description: `${budget.description} Default: the command's maxOutputBytes, else the rest.`,
        },
      },
      responses: ok(OutputPage),
    },
    {
      method: 'post',
      path: '/v1/fleet/exec',
      summary: 'Run a command on many clusters (ids or globs); an entry per cluster',
      access: 'client',
      body: { schema: boundedFleetExecRequest(maxOutputBytes), required: true },
      responses: ok(FleetExecResponse),
    },
    {
      method: 'get',
      path: '/v1/whoami',
      summary: 'The calling principal, its kind of credential and its scopes',
      access: 'client',
      responses: ok(WhoAmI),
    },
    {
      method: 'get',
      path: '/v1/policy',
      summary: 'What the read-only policy allows: verbs, flags, outputs, pipe stages',
      access: 'client',
      responses: ok(PolicySummaryBody),
    },
    {
      method: 'post',
      path: '/v1/policy/check',
      summary: 'Whether a command would be allowed (a dry run: nothing is queued)',
      access: 'client',
      body: { schema: PolicyCheckRequest, required: true },
      responses: ok(PolicyCheckResult),
    },
    {
      method: 'post',
      path: '/v1/sessions',
      summary: 'Open a session on a cluster',
      access: 'client',
      body: { schema: CreateSession, required: true },
      responses: { 201: { description: 'Created', schema: SessionCreated } },
    },
    {
      method: 'get',
      path: '/v1/sessions/:id',
      summary: 'One of your sessions',
      access: 'client',
      responses: ok(SessionInfo),
    },
    {
      method: 'delete',
      path: '/v1/sessions/:id',
      summary: 'End one of your sessions',
      access: 'client',
      responses: none,
    },
    {
      method: 'post',
      path: '/mcp',
      summary: 'Model Context Protocol, Streamable HTTP (JSON-RPC)',
      access: 'client',
      body: { schema: JsonRpc, required: true },
      responses: ok(JsonRpc, 'The JSON-RPC answer'),
    },
    {
      method: 'get',
      path: '/mcp',
      summary: 'Not served: the MCP endpoint is stateless and takes POST only (405)',
      access: 'client',
      responses: {},
    },
    {
      method: 'delete',
      path: '/mcp',
      summary: 'Not served: the MCP endpoint is stateless and takes POST only (405)',
      access: 'client',
      responses: {},
    },

    // ── admins ──
    {
      method: 'get',
      path: '/v1/audit',
      summary: 'The audit trail, newest first',
      access: 'admin',
      query: {
        limit: { schema: int(1, 1000), description: 'At most this many events (default 100).' },
        clusterId: { schema: ClusterId, description: 'Only events of this cluster.' },
        type: { schema: z.enum(AUDIT_EVENT_TYPES), description: 'Only events of this type.' },
        since: { schema: z.iso.datetime({ offset: true }), description: 'Only events after this.' },
      },
      responses: ok(AuditEvents),
    },
    {
      method: 'post',
      path: '/v1/admin/api-keys',
      summary: 'Issue an API key (shown once)',
      access: 'admin',
      body: { schema: CreateApiKey, required: true },
      responses: { 201: { description: 'Created', schema: ApiKeyCreated } },
    },
    {
      method: 'get',
      path: '/v1/admin/api-keys',
      summary: 'Issued API keys, without key material',
      access: 'admin',
      responses: ok(ApiKeyList),
    },
    {
      method: 'delete',
      path: '/v1/admin/api-keys/:id',
      summary: 'Revoke an issued API key',
      access: 'admin',
      responses: none,
    },
    {
      method: 'post',
      path: '/v1/admin/clusters',
      summary: 'Register a cluster and issue its agent token',
      access: 'admin',
      body: { schema: RegisterCluster, required: true },
      responses: { 201: { description: 'Registered', schema: ClusterRegistered } },
    },
    {
      method: 'post',
      path: '/v1/admin/clusters/:id/rotate-token',
      summary: 'Issue a new agent token; the old one works for a grace period',
      access: 'admin',
      body: { schema: RotateToken, required: false },
      responses: ok(AgentTokenIssued),
    },
    {
      method: 'delete',
      path: '/v1/admin/clusters/:id',
      summary: 'Remove a registered cluster',
      access: 'admin',
      responses: none,
    },

    // ── agents ──
    {
      method: 'get',
      path: '/v1/agent/commands',
      summary: "Long-poll for this agent's cluster's commands",
      access: 'agent',
      query: {
        wait: { schema: int(0, 30), description: 'Seconds to hold the poll open.' },
        max: { schema: int(1, 16), description: 'Most commands to hand out.' },
      },
      responses: ok(AgentPollResponse),
    },
    {
      method: 'get',
      path: '/v1/agent/stream',
      summary:
        "The agent's command stream: hello, then commands as they are handed out, pings while idle",
      access: 'agent',
      query: {
        slots: { schema: int(1, 64), description: 'Commands the agent runs at once (its credit).' },
      },
      responses: {
        200: {
          description: 'One AgentStreamLine per line (NDJSON), held open',
          schema: AgentStreamLine,
          mediaType: AGENT_STREAM_CONTENT_TYPE,
        },
      },
    },
    {
      method: 'post',
      path: '/v1/agent/leases',
      summary: 'Renew the leases of commands the agent is still running',
      access: 'agent',
      body: { schema: LeaseRenewal, required: true },
      responses: ok(LeaseRenewalReply),
    },
    {
      method: 'put',
      path: '/v1/agent/discovery',
      summary: "Report the cluster's API resources",
      access: 'agent',
      body: { schema: DiscoveryReport, required: true },
      responses: none,
    },
    {
      method: 'put',
      path: '/v1/agent/health',
      summary: "Report the agent's health (every 10 s): porthole_agent_* and the clusters' health",
      access: 'agent',
      body: { schema: AgentHealth, required: true },
      responses: none,
    },
    {
      method: 'get',
      path: '/v1/agent/whoami',
      summary: 'The cluster the agent token is for (asked before the agent starts)',
      access: 'agent',
      responses: ok(AgentIdentity),
    },
    {
      method: 'post',
      path: '/v1/agent/commands/:id/result',
      summary: "Post a command's result (409 when one is stored already)",
      access: 'agent',
      body: { schema: AgentResultPost, required: true },
      responses: none,
    },
    {
      method: 'post',
      path: '/v1/agent/results',
      summary: 'Post several results at once; each gets the outcome its single post would',
      access: 'agent',
      body: { schema: AgentResultBatch, required: true },
      responses: ok(AgentResultBatchReply),
    },
  ];
}
