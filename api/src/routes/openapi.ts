// GET /openapi.json (CONTRACT §3b): unauthenticated, generated once from the operation table.
import { Hono } from 'hono';
import type { HonoEnv, Services } from '../context.js';
import { openApiDocument, type RegisteredRoute } from '../openapi/document.js';
import { operations } from '../openapi/operations.js';

/** `routes`: the app's own `app.routes`, read on first request when every route is mounted. */
export function openApiRoutes(services: Services, routes: () => readonly RegisteredRoute[]) {
  let document: Record<string, unknown> | null = null;
  return new Hono<HonoEnv>().get('/openapi.json', (c) =>
    c.json(
      (document ??= openApiDocument(
        operations({ maxOutputBytes: services.config.maxOutputBytes }),
        routes(),
      )),
    ),
  );
}
