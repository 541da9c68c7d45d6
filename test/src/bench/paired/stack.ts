// One side of a paired run (paired/main.ts): the whole stack of the checkout named on the command
// line, started from that checkout's own build in a process of its own (two harnesses cannot
// share one process), reporting where it listens and its API and agent pids, stopped on message.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { startStack } from '../../harness/stack.js';

const checkout = process.argv[2];
if (!checkout || !process.send) throw new Error('usage: forked by paired/main.ts with a checkout');
const harness = (await import(
  pathToFileURL(join(checkout, 'test/dist/harness/stack.js')).href
)) as { startStack: typeof startStack };
const stack = await harness.startStack({
  clusters: ['bench'],
  apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '1000000' },
});
const agent = await stack.startAgent('bench', { PORTHOLE_CONCURRENCY: '32' });
process.send({
  apiUrl: stack.apiUrl,
  apiKey: stack.apiKey,
  pids: { api: stack.api.child.pid, agent: agent.child.pid },
});
process.once('message', () => {
  void stack.close().then(() => process.exit(0));
});
