// Unauthenticated routes: liveness and readiness probes, and the envelope signing keys.
import { Hono } from 'hono';
import { JWKS_PATH, PortholeError } from '@porthole/protocol';
import type { HonoEnv, Services } from '../context.js';

export function healthRoutes(services: Services) {
  return new Hono<HonoEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get(JWKS_PATH, (c) => c.json(services.signer.jwks()))
    .get('/readyz', async (c) => {
      try {
        await services.store.ping();
      } catch (err) {
        throw new PortholeError('store_unavailable', 'the store is unreachable', { cause: err });
      }
      return c.json({ status: 'ok' });
    });
}
