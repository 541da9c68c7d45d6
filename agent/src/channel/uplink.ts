// Results sent up the command stream on the bare connection, when its hello offers it: each
// batch one numbered line, answered by a `stored` (or `unstored`) line on the stream. What is
// waiting when the stream ends is posted instead; a result stored before that answers the post
// as a duplicate, so none is lost and none is stored twice.
import type { AgentResultBatchReply } from '@porthole/protocol';

/** The stream ended before it answered: post the batch instead. */
export class UplinkLost extends Error {
  override readonly name = 'UplinkLost';
}

/** The API answered `unstored`: its store failed; the batch is to be sent again. */
export class ResultsUnstored extends Error {
  override readonly name = 'ResultsUnstored';
}

export interface ResultUplink {
  /**
   * Sends a results batch (the body POST /v1/agent/results takes) and resolves with its answer;
   * null when it does not fit on one line. Rejects with UplinkLost if the stream ends first.
   */
  send(batchJson: string): Promise<AgentResultBatchReply> | null;
}

interface Waiting {
  done: (reply: AgentResultBatchReply) => void;
  fail: (err: Error) => void;
}

export interface UplinkEnd {
  uplink: ResultUplink;
  /** The API's answer to line `seq`. */
  answered(seq: number, reply: AgentResultBatchReply | null): void;
  /** The stream ended: everything waiting is posted instead. */
  close(): void;
}

export function createUplink(write: (text: string) => void, maxLineBytes: number): UplinkEnd {
  const waiting = new Map<number, Waiting>();
  let seq = 0;
  let closed = false;
  return {
    uplink: {
      send(batchJson) {
        if (closed) return Promise.reject(new UplinkLost('the command stream has ended'));
        const n = seq++;
        // The batch's own JSON with the line's type and number in front.
        const line = `{"type":"results","seq":${n},${batchJson.slice(1)}\n`;
        if (Buffer.byteLength(line) > maxLineBytes) return null;
        return new Promise((done, fail) => {
          waiting.set(n, { done, fail });
          write(line);
        });
      },
    },
    answered(n, reply) {
      const w = waiting.get(n);
      if (!w) throw new Error('the command stream answered a results line never sent');
      waiting.delete(n);
      if (reply) w.done(reply);
      else w.fail(new ResultsUnstored('the API could not store the results'));
    },
    close() {
      closed = true;
      for (const w of waiting.values()) w.fail(new UplinkLost('the command stream ended'));
      waiting.clear();
    },
  };
}
