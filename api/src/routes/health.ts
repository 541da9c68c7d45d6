// Unauthenticated routes: liveness and readiness probes, and the envelope signing keys.
import { Hono } from 'hono';
import { JWKS_PATH } from '@porthole/protocol';
import type { HonoEnv, Services } from '../context.js';

export function healthRoutes(services: Services) {
  return new Hono<HonoEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get(JWKS_PATH, (c) => c.json(services.signer.jwks()))
    .get('/readyz', async (c) => {
      // StoreUnavailableError answers 503 store_unavailable, mapped in the app's error handler.
      await services.store.ping();
      return c.json({ status: 'ok' });
    });
}
