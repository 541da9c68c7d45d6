// hono middleware that admits clients or agents, and nothing else, on their routes.
import { createMiddleware } from 'hono/factory';
import type { HonoEnv, Services } from '../context.js';
import { authError, bearerToken, type FailureReason } from './credentials.js';
import type { CredentialKind } from '../metrics.js';

export function requireClient(services: Services) {
  return createMiddleware<HonoEnv>(async (c, next) => {
    const presented = bearerToken(c.req.header('authorization'));
    if ('reason' in presented) throw refuse(services, 'api_key', presented.reason);
    const client = services.auth.client(presented.token);
    if (!client) throw refuse(services, 'api_key', 'unknown');
    c.set('client', client);
    await next();
  });
}

export function requireAgent(services: Services) {
  return createMiddleware<HonoEnv>(async (c, next) => {
    const presented = bearerToken(c.req.header('authorization'));
    if ('reason' in presented) throw refuse(services, 'agent_token', presented.reason);
    const agent = services.auth.agent(presented.token);
    if (!agent) throw refuse(services, 'agent_token', 'unknown');
    c.set('agent', agent);
    await next();
  });
}

/** Count the failure; a missing header says nothing of which credential was meant. */
function refuse(services: Services, credential: CredentialKind, reason: FailureReason) {
  services.metrics.authFailures.inc({
    credential: reason === 'missing' ? 'none' : credential,
    reason,
  });
  return authError(reason);
}
