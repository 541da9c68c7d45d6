// Results that finish in the same turn of the event loop leave in one POST: under load, a
// request per result costs the agent and the API more than the results themselves.
import type { AgentResultBatchReply, AgentResultPost } from '@porthole/protocol';

export type BatchOutcome = AgentResultBatchReply['outcomes'][number]['outcome'];

interface Queued {
  id: string;
  json: string;
  done: (outcome: BatchOutcome) => void;
  fail: (err: unknown) => void;
}

/** A batch stays under this many bytes; a larger result goes alone. */
const MAX_BATCH_BYTES = 256 * 1024;
const MAX_BATCH_RESULTS = 64;

export interface ResultBatcher {
  /** Resolves with the result's own outcome; rejects when its post failed as a whole. */
  post(id: string, result: AgentResultPost): Promise<BatchOutcome>;
}

export function createResultBatcher(options: {
  /** True while a batch of one is as cheap as a single post: batches are sent for one too. */
  batchesOne?: () => boolean;
  /** One result, the single-result route (also the route an older API has). */
  single: (id: string, json: string) => Promise<BatchOutcome>;
  /** Several; resolves with their outcomes, or null when the API has no batch route. */
  batch: (body: string) => Promise<AgentResultBatchReply | null>;
}): ResultBatcher {
  let queued: Queued[] = [];
  let scheduled = false;
  let batches = true;

  const send = async (group: Queued[]) => {
    if ((group.length === 1 && !options.batchesOne?.()) || !batches) {
      for (const q of group) options.single(q.id, q.json).then(q.done, q.fail);
      return;
    }
    try {
      // Each result's JSON is spliced in as it was serialised, with its id added in front.
      const body = `{"results":[${group.map((q) => `{"id":${JSON.stringify(q.id)},${q.json.slice(1)}`).join(',')}]}`;
      const reply = await options.batch(body);
      if (reply === null) {
        batches = false;
        await send(group);
        return;
      }
      const byId = new Map(reply.outcomes.map((o) => [o.id, o.outcome]));
      for (const q of group) {
        const outcome = byId.get(q.id);
        if (outcome) q.done(outcome);
        else q.fail(new Error('the API did not answer for this result'));
      }
    } catch (err) {
      for (const q of group) q.fail(err);
    }
  };

  const flush = () => {
    scheduled = false;
    const all = queued;
    queued = [];
    let group: Queued[] = [];
    let bytes = 0;
    for (const q of all) {
      if (
        group.length > 0 &&
        (bytes + q.json.length > MAX_BATCH_BYTES || group.length >= MAX_BATCH_RESULTS)
      ) {
        void send(group);
        group = [];
        bytes = 0;
      }
      group.push(q);
      bytes += q.json.length;
    }
    if (group.length > 0) void send(group);
  };

  return {
    post(id, result) {
      return new Promise((done, fail) => {
        queued.push({ id, json: JSON.stringify(result), done, fail });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
