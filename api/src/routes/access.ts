// Discovery for clients (CONTRACT §3b): who am I, what the policy allows, would this pass.
import { Hono } from 'hono';
import { PolicyCheckRequest, type WhoAmI } from '@porthole/protocol';
import { policySummary } from '@porthole/policy';
import { requireClient } from '../auth/middleware.js';
import { checkCommand } from '../commands/check.js';
import type { HonoEnv, Services } from '../context.js';
import { readJson } from '../validate.js';

export function accessRoutes(services: Services) {
  const client = requireClient(services);
  return new Hono<HonoEnv>()
    .get('/whoami', client, (c) => {
      const { name, credentialType, scope } = c.get('client');
      // The scope as enforced: an admin reaches every cluster and namespace (auth/scope.ts).
      const body: WhoAmI = {
        principal: name,
        credential: credentialType,
        scopes: {
          clusters: scope.admin || scope.clusters === null ? null : [...scope.clusters],
          namespaces: scope.admin || scope.namespaces === null ? null : [...scope.namespaces],
          admin: scope.admin,
        },
      };
      return c.json(body);
    })
    .get('/policy', client, (c) => c.json(policySummary(services.config.policy)))
    .post('/policy/check', client, async (c) =>
      c.json(await checkCommand(services, c, await readJson(c, PolicyCheckRequest))),
    );
}
