// hono middleware that admits clients or agents, and nothing else, on their routes: it
// authenticates, throttles failures per source address, rate-limits per credential, and counts
// and audits every refusal.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { PortholeError } from '@porthole/protocol';
import { describeError } from '@porthole/runtime';
import type { AuditActor, AuditFields } from '../audit.js';
import { clientIp } from '../client-ip.js';
import type { HonoEnv, Services } from '../context.js';
import { viaOf } from '../mcp/via.js';
import {
  authError,
  bearerToken,
  type AgentPrincipal,
  type AuthFailure,
  type ClientPrincipal,
  type CredentialKind,
  type FailureReason,
} from './credentials.js';
import { requestHeader } from '../headers.js';
import type { RateView } from './rate-views.js';

const MINUTE_MS = 60_000;

export function actorOf(services: Services, c: Context<HonoEnv>): AuditActor {
  return {
    source_ip: clientIp(c, services.config),
    user_agent: requestHeader(c, 'user-agent') ?? null,
    via: viaOf(c.env),
  };
}

export function requireClient(
  services: Services,
  /**
   * Whether this request takes a token from the credential's budget; asked only once the
   * credential is valid. /mcp says no for tool calls: the API calls they make take their own.
   */
  consumesRate: (c: Context<HonoEnv>) => boolean | Promise<boolean> = () => true,
) {
  return createMiddleware<HonoEnv>(async (c, next) => {
    const presented = bearerToken(requestHeader(c, 'authorization'));
    const result =
      'reason' in presented
        ? headerFailure(presented.reason, 'api_key')
        : await services.auth.client(presented.token);
    await throttleFailures(services, c, result);
    if ('failure' in result) throw authError(result.failure);
    // Keyed by id, not name: another credential may carry the same name.
    if (await consumesRate(c))
      await limitRate(services, c, `client:${result.id}`, result.credential, {
        principal: result.name,
        api_key_prefix: result.keyPrefix,
      });
    c.set('client', result);
    await next();
  });
}

export function requireAgent(services: Services) {
  return createMiddleware<HonoEnv>(async (c, next) => {
    const presented = bearerToken(requestHeader(c, 'authorization'));
    const result: AgentPrincipal | AuthFailure =
      'reason' in presented
        ? headerFailure(presented.reason, 'agent_token')
        : await services.auth.agent(presented.token);
    if ('failure' in result) {
      services.audit.emit('agent_connection_failure', {
        ...actorOf(services, c),
        outcome: 'failure',
        details: { reason: result.failure },
      });
    }
    await throttleFailures(services, c, result);
    if ('failure' in result) throw authError(result.failure);
    c.set('agent', result);
    await next();
  });
}

export function requireAdmin(services: Services) {
  return createMiddleware<HonoEnv>(async (c, next) => {
    const client = c.get('client');
    if (!client.scope.admin) {
      services.metrics.forbidden.inc({ credential: client.credential, reason: 'admin_scope' });
      services.audit.emit('authorization_failure', {
        ...actorOf(services, c),
        principal: client.name,
        api_key_prefix: client.keyPrefix,
        outcome: 'denied',
        details: { reason: 'admin_scope', route: c.req.routePath },
      });
      throw new PortholeError('forbidden', 'this route needs an admin key');
    }
    await next();
  });
}

/** The refusal of a cluster outside the caller's scope, counted and audited; the caller throws it. */
export function forbiddenCluster(
  services: Services,
  c: Context<HonoEnv>,
  principal: ClientPrincipal,
  clusterId: string,
  /** The argv the caller gave, made safe (safeArgv), when a command was refused. */
  command: string[] | null = null,
): PortholeError {
  services.metrics.forbidden.inc({ credential: principal.credential, reason: 'cluster_scope' });
  services.audit.emit('authorization_failure', {
    ...actorOf(services, c),
    principal: principal.name,
    api_key_prefix: principal.keyPrefix,
    cluster_id: clusterId,
    command,
    outcome: 'denied',
    details: { reason: 'cluster_scope' },
  });
  return new PortholeError('forbidden', 'this credential may not use that cluster');
}

/**
 * Failures are counted and audited, and an address that keeps failing is answered 429 for
 * every request, right credential or not: guessing gets no signal, and its failures still count.
 */
/** How long a good request's look at its address's failure budget holds, and for how many. */
const QUIET_MS = 1000;
const MAX_QUIET_ADDRESSES = 10_000;

async function throttleFailures(
  services: Services,
  c: Context<HonoEnv>,
  result: object,
): Promise<void> {
  const ip = clientIp(c, services.config);
  const failed = 'failure' in result ? (result as AuthFailure) : null;
  if (failed) {
    services.metrics.authFailures.inc({ credential: failed.credential, reason: failed.failure });
    services.audit.emit('authentication_failure', {
      ...actorOf(services, c),
      outcome: 'failure',
      details: { reason: failed.failure, credential: failed.credential, route: c.req.routePath },
    });
  }
  const budget = services.config.authFailuresPerMinute;
  const bucket = `authfail:${ip}`;
  const quiet = services.quietAddresses;
  if (failed) quiet.delete(ip);
  else if ((quiet.get(ip) ?? 0) > services.now()) return;
  const rate = failed
    ? await services.store.rates.consume(bucket, budget, MINUTE_MS)
    : await services.store.rates.peek(bucket, budget, MINUTE_MS);
  // Far from spent: this address's next second of good requests skips the store. Its failures
  // still go to the store at once, so the throttle is late by a second at most.
  if (!failed && rate.remaining >= budget / 2) {
    if (quiet.size >= MAX_QUIET_ADDRESSES) quiet.clear();
    quiet.set(ip, services.now() + QUIET_MS);
  }
  if (!rate.allowed)
    throw rateLimited(
      services,
      c,
      bucket,
      failed?.credential ?? 'none',
      rate.retryAfterMs,
      { source_ip: ip },
      'authentication_failures',
    );
}

/**
 * Takes `events` more tokens at once from a client's budget, all or none (a fleet call pays one
 * per cluster it reaches; the request itself paid for the first): 429 when they do not fit.
 */
export async function chargeClient(
  services: Services,
  c: Context<HonoEnv>,
  client: ClientPrincipal,
  events: number,
): Promise<void> {
  await limitRate(
    services,
    c,
    `client:${client.id}`,
    client.credential,
    { principal: client.name, api_key_prefix: client.keyPrefix },
    events,
  );
}

async function limitRate(
  services: Services,
  c: Context<HonoEnv>,
  bucket: string,
  credential: CredentialKind,
  who: AuditActor,
  events = 1,
): Promise<void> {
  const budget = services.config.rateLimitPerMinute;
  const { rateViews, store } = services;
  // Far from its limit a moment ago: counted in the background, not waited for (rate-views.ts).
  const view = events === 1 ? rateViews.roomFor(bucket, budget, services.now()) : null;
  if (view) {
    countInBackground(services, bucket, budget, view);
    return;
  }
  const rate = await store.rates.consume(bucket, budget, MINUTE_MS, events);
  rateViews.heard(bucket, rate, services.now());
  if (!rate.allowed)
    throw rateLimited(services, c, bucket, credential, rate.retryAfterMs, who, 'credential');
}

/** One event counted without waiting; with a count on its way, it goes in the next one. */
function countInBackground(
  services: Services,
  bucket: string,
  budget: number,
  view: RateView,
): void {
  view.inFlight += 1;
  if (view.sending) {
    view.waiting += 1;
    return;
  }
  const send = (events: number) => {
    view.sending = true;
    const sent = () => {
      view.inFlight -= events;
      view.sending = false;
      const next = view.waiting;
      view.waiting = 0;
      if (next > 0) send(next);
    };
    services.store.rates.consume(bucket, budget, MINUTE_MS, events).then(
      (rate) => {
        services.rateViews.heard(bucket, rate, services.now());
        sent();
      },
      (err: unknown) => {
        // The next request of this credential waits for the store, and answers 503 if it is away.
        services.rateViews.forget(bucket);
        services.logger.debug({ err: describeError(err) }, 'background rate count failed');
        sent();
      },
    );
  };
  send(1);
}

/**
 * A 429 `rate_limited` for `limit` on `bucket`: every refusal is counted; its audit event is
 * coalesced per bucket (rate-limit-audit.ts).
 */
export function rateLimited(
  services: Services,
  c: Context<HonoEnv>,
  bucket: string,
  credential: CredentialKind,
  retryAfterMs: number,
  who: Omit<AuditFields, 'outcome' | 'details'>,
  limit: string,
): PortholeError {
  services.metrics.rateLimited.inc({ credential });
  services.rateLimitAudit.refused(bucket, {
    ...actorOf(services, c),
    ...who,
    outcome: 'denied',
    details: { limit },
  });
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new PortholeError('rate_limited', `too many requests; retry in ${retryAfter}s`, {
    extra: { retryAfter },
  });
}

/** A missing header says nothing of which credential was meant; a malformed one was meant for this route. */
function headerFailure(reason: FailureReason, credential: CredentialKind): AuthFailure {
  return { failure: reason, credential: reason === 'missing' ? 'none' : credential };
}
