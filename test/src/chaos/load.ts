// Steady load for a chaos scenario: clients running one uniquely labelled `get pods` after
// another, each answer classified; and probes that time how soon a fresh command succeeds.
import { randomBytes } from 'node:crypto';
import { hungAfterMs, send, type Answer } from './outcome.js';

export interface Sent extends Answer {
  /** The label selector that names this command at the kube-apiserver. */
  label: string;
  sentAt: number;
  /** The Result's status, when a Result came back. */
  resultStatus: string | null;
  probe: boolean;
}

export interface Target {
  /** Base URL the clients call (an API replica or a balancer in front of several). */
  url: string;
  token: string;
  cluster: string;
}

export interface LoadOptions {
  clients: number;
  /** Each client's pause between its answer and its next request. */
  paceMs: number;
  timeoutSeconds: number;
}

const tag = randomBytes(3).toString('hex');
let counter = 0;
/** A selector no other command uses, so the kube-apiserver's requests map back to one command. */
const freshLabel = () => `chaos=${tag}-${(counter++).toString(36)}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One labelled command through `exec`, classified; hung once past its deadline + 1 s. */
export async function execOnce(
  target: Target,
  timeoutSeconds: number,
  probe = false,
  url = target.url,
): Promise<Sent> {
  const label = freshLabel();
  const sentAt = Date.now();
  const answer = await send(`${url}/v1/clusters/${target.cluster}/exec`, {
    token: target.token,
    body: { command: ['get', 'pods', '-n', 'default', '-l', label], timeoutSeconds },
    hungAfterMs: hungAfterMs(timeoutSeconds),
  });
  const status = (answer.json as { status?: unknown } | null)?.status;
  return {
    ...answer,
    label,
    sentAt,
    resultStatus: answer.status === 200 && typeof status === 'string' ? status : null,
    probe,
  };
}

export interface Load {
  sent: Sent[];
  /** Stops issuing requests and waits for the ones in flight. */
  stop(): Promise<void>;
}

export function startLoad(target: Target, options: LoadOptions): Load {
  const sent: Sent[] = [];
  let running = true;
  const clients = Array.from({ length: options.clients }, async (_, i) => {
    // Spread the clients over one pace so they do not arrive in lockstep.
    await sleep((options.paceMs * i) / options.clients);
    while (running) {
      sent.push(await execOnce(target, options.timeoutSeconds));
      if (running) await sleep(options.paceMs);
    }
  });
  return {
    sent,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}

/**
 * Sends a fresh command every `everyMs` (each with its own deadline, so one stuck behind the fault
 * does not hold the next back) until one succeeds; resolves with the seconds from `since` to that
 * success, or null if none did within `giveUpMs`.
 */
export async function recovery(
  target: Target,
  since: number,
  options: { everyMs: number; timeoutSeconds: number; giveUpMs: number; url?: string },
  sent: Sent[],
): Promise<number | null> {
  const until = Date.now() + options.giveUpMs;
  // Written from the probes' callbacks, hence a holder rather than a narrowed local.
  const seen: { first: number | null } = { first: null };
  const pending: Promise<void>[] = [];
  while (seen.first === null && Date.now() < until) {
    pending.push(
      execOnce(target, options.timeoutSeconds, true, options.url).then((s) => {
        sent.push(s);
        if (s.outcome === 'ok') seen.first = Math.min(seen.first ?? Infinity, s.endedAt);
      }),
    );
    await sleep(options.everyMs);
  }
  await Promise.all(pending);
  const first = seen.first;
  return first === null ? null : (first - since) / 1000;
}
