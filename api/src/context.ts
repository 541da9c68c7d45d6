// Types shared by the routes: the dependencies createApp receives and hono's per-request variables.
import type { Context } from 'hono';
import type { Logger } from '@porthole/runtime';
import type { CommandEnvelope } from '@porthole/protocol';
import type { Store } from '@porthole/store';
import type { AgentPrincipal, Authenticator, ClientPrincipal } from './auth/credentials.js';
import type { Audit } from './audit.js';
import type { KnownClusters } from './known-clusters.js';
import type { Cursors } from './commands/cursor.js';
import type { DiscoveryCache } from './discovery.js';
import type { Config } from './config.js';
import type { Metrics } from './metrics.js';
import type { RateLimitAudit } from './rate-limit-audit.js';
import type { RateViews } from './auth/rate-views.js';
import type { Signer } from './signing.js';

export type AppConfig = Pick<
  Config,
  | 'commandTimeoutSeconds'
  | 'maxOutputBytes'
  | 'agentOfflineAfterSeconds'
  | 'fleetMaxClusters'
  | 'agentTokens'
  | 'sessionTtlSeconds'
  | 'rateLimitPerMinute'
  | 'authFailuresPerMinute'
  | 'tokenRotationGraceSeconds'
  | 'trustProxy'
  | 'trustedProxies'
  | 'policy'
>;

export interface AppDeps {
  config: AppConfig;
  store: Store;
  auth: Authenticator;
  signer: Signer;
  logger: Logger;
  /** Epoch ms; injectable so tests can move time. */
  now?: () => number;
  newId?: () => string;
  /** Created per app when not given (tests); main passes one to serve on the metrics port. */
  metrics?: Metrics;
  /** Aborted when the process shuts down: every wait ends and answers at once. */
  shutdown?: AbortSignal;
}

/** AppDeps with the optional seams filled in, plus what createApp derives from them. */
export type Services = Required<AppDeps> & {
  audit: Audit;
  rateLimitAudit: RateLimitAudit;
  knownClusters: KnownClusters;
  discovery: DiscoveryCache;
  /** Output cursors, keyed from the signing key so every replica reads every replica's. */
  cursors: Cursors;
  /** Addresses whose auth-failure budget was far from spent a moment ago (auth/middleware.ts). */
  quietAddresses: Map<string, number>;
  /** What this replica last heard of each credential's rate budget (auth/rate-views.ts). */
  rateViews: RateViews;
  /** The agent command streams this replica holds (agents/streams.ts). */
  streams: AgentStreams;
};

export interface HonoEnv {
  Variables: { client: ClientPrincipal; agent: AgentPrincipal };
}

/** The agent command streams a replica holds (implemented in agents/streams.ts). */
export interface AgentStreams {
  /** Serves one agent's stream; the agent principal and presence come from the request. */
  open(c: Context<HonoEnv>, slots: number, instance: string | null): Promise<Response>;
  /** Whether this replica holds a live stream of the cluster's agent (it is connected). */
  holds(clusterId: string): boolean;
  /** A command this replica pushed to a stream of the cluster and is not yet answered. */
  pushed(clusterId: string, id: string): CommandEnvelope | undefined;
  /**
   * Queues a command and, when a stream of its cluster here has room, fills that stream in the
   * same store call (no notification, no second claim). Rejects as the store's enqueue does.
   */
  enqueue(command: CommandEnvelope): Promise<void>;
  /** Open streams (for tests and the idle-agent bench). */
  size(): number;
}
