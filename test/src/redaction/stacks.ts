// The two gateways a redaction measurement runs through: the default policy (Secrets refused) and a
// policy that allows Secrets (their values redacted by the agent), each a whole stack of processes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../harness/stack.js';

export const CORPUS_CLUSTER = 'corpus';
/** Agent slots, and commands the measurement keeps in flight. */
export const CORPUS_CONCURRENCY = 8;

export interface PolicyStack {
  policy: 'default' | 'secrets-allowed';
  stack: Stack;
}

export interface CorpusStacks {
  stacks: PolicyStack[];
  close: () => Promise<void>;
}

async function start(env: Record<string, string>): Promise<Stack> {
  const stack = await startStack({
    clusters: [CORPUS_CLUSTER],
    // Hundreds of commands in a minute: the measurement is not about the rate limiter.
    apiEnv: { PORTHOLE_RATE_LIMIT_PER_MINUTE: '1000000', ...env },
  });
  try {
    await stack.startAgent(CORPUS_CLUSTER, {
      PORTHOLE_CONCURRENCY: String(CORPUS_CONCURRENCY),
      ...env,
    });
  } catch (err) {
    await stack.close();
    throw err;
  }
  return stack;
}

/** Starts both stacks side by side; close() stops every process and removes the policy file. */
export async function startCorpusStacks(): Promise<CorpusStacks> {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-corpus-'));
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, 'version: 1\nsecrets:\n  allow: true\n');
  const started = await Promise.allSettled([
    start({}),
    start({ PORTHOLE_POLICY_FILE: policyFile }),
  ]);
  const stacks: PolicyStack[] = [];
  const [plain, secrets] = started;
  if (plain?.status === 'fulfilled') stacks.push({ policy: 'default', stack: plain.value });
  if (secrets?.status === 'fulfilled')
    stacks.push({ policy: 'secrets-allowed', stack: secrets.value });
  const close = async () => {
    await Promise.all(stacks.map((s) => s.stack.close()));
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { stacks, close };
}
