// Test fixture: an agent that runs no command, for tests of its channel, its reports and its logs.
import type { Logger } from '@porthole/runtime';
import { createAgent, type AgentDeps } from '../agent.js';
import type { ApiClient } from '../api-client.js';
import type { EnvelopeVerifier } from '../envelope.js';

export function channelOnlyAgent(
  api: ApiClient,
  logger: Logger,
  more: Partial<AgentDeps> = {},
): ReturnType<typeof createAgent> {
  return createAgent({
    api,
    logger,
    concurrency: 1,
    clusterId: 'alpha',
    // Never reached: these agents are handed no command to verify or run.
    verifier: {} as EnvelopeVerifier,
    kube: () => Promise.reject(new Error('not used')),
    defaultNamespace: 'default',
    now: () => Date.now(),
    ...more,
  });
}
