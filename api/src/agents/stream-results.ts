// Results an agent sends up its stream on the bare connection: the batches POST /v1/agent/results
// takes, one numbered NDJSON line each, answered on the stream. A batch then costs the agent no
// request and this replica no HTTP parse, route or token check. The stream's own token check
// (every minute) bounds how long a revoked token may still answer, as it bounds how long such a
// stream may still take commands.
import type { Socket } from 'node:net';
import { AgentStreamResults, type AgentStreamLine } from '@porthole/protocol';
import { describeError } from '@porthole/runtime';
import type { Services } from '../context.js';
import { storeResult, type Answerer } from './results.js';

/** Batches being stored at once per stream; past this the socket is not read until one is done. */
const MAX_IN_FLIGHT = 8;

export interface ResultsReceiver {
  services: Services;
  answerer: Answerer;
  /** The longest line taken (the hello says it); a longer one closes the stream. */
  maxLineBytes: number;
  /** False once the stream is closed: what is still to be stored is left to the agent's post. */
  open(): boolean;
  reply(line: AgentStreamLine): void;
  /** The agent broke the wire format: the stream is closed. */
  refuse(why: string): void;
}

/** Reads results lines from `socket` until it closes or a line breaks the wire format. */
export function receiveResults(socket: Socket, r: ResultsReceiver): void {
  let parts: Buffer[] = [];
  let size = 0;
  let inFlight = 0;
  let refused = false;

  const refuse = (why: string) => {
    if (refused) return;
    refused = true;
    socket.off('data', onData);
    r.refuse(why);
  };

  const store = async ({ seq, results }: AgentStreamResults): Promise<void> => {
    const outcomes: Array<{ id: string; outcome: Awaited<ReturnType<typeof storeResult>> }> = [];
    try {
      // One after another, as the post does: each is its own state change, in the agent's order.
      for (const { id, ...post } of results) {
        if (!r.open()) return;
        outcomes.push({ id, outcome: await storeResult(r.services, r.answerer, id, post) });
      }
      r.reply({ type: 'stored', seq, outcomes });
    } catch (err) {
      r.services.logger.warn(
        { err: describeError(err), clusterId: r.answerer.clusterId },
        'results from the stream not stored; the agent posts them again',
      );
      r.reply({ type: 'unstored', seq });
    }
  };

  const handle = (line: Buffer) => {
    let batch: AgentStreamResults;
    try {
      batch = AgentStreamResults.parse(JSON.parse(line.toString('utf8')));
    } catch {
      refuse('a line that is not the agent wire format');
      return;
    }
    if (++inFlight >= MAX_IN_FLIGHT) socket.pause();
    void store(batch).finally(() => {
      inFlight--;
      if (!refused && inFlight < MAX_IN_FLIGHT) socket.resume();
    });
  };

  function onData(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      start = end + 1;
      if (size + piece.length > r.maxLineBytes) return refuse('an overlong line');
      const line = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      size = 0;
      if (line.length > 0) handle(line);
      if (refused) return;
    }
    if (start === chunk.length) return;
    size += chunk.length - start;
    if (size > r.maxLineBytes) return refuse('an overlong line');
    // A copy: a view would keep the whole chunk alive until the line ends.
    parts.push(Buffer.from(chunk.subarray(start)));
  }
  socket.on('data', onData);
}
