// Results an agent sends up its stream on the bare connection: the batches POST /v1/agent/results
// takes, one numbered NDJSON line each, answered on the stream. A batch then costs the agent no
// request and this replica no HTTP parse, route or token check. The stream's own token check
// (every minute) bounds how long a revoked token may still answer, as it bounds how long such a
// stream may still take commands.
import type { Socket } from 'node:net';
import { AgentStreamResults, type AgentStreamLine } from '@porthole/protocol';
import { describeError } from '@porthole/runtime';
import type { Services } from '../context.js';
import { storeResults, type Answerer } from './results.js';

/** Batches being stored at once per stream; past this the socket is not read until one is done. */
const MAX_IN_FLIGHT = 8;

/** The stream the lines come up: its answers go down it; a broken line closes it. */
export interface ResultsChannel {
  readonly closed: boolean;
  send(lines: AgentStreamLine[]): void;
  close(): void;
}

/**
 * Reads results lines from a stream's socket until it closes or a line breaks the wire format.
 * A class, not closures: every held stream has one, idle or not.
 */
export class ResultsReader {
  /** The start of a line whose end has not come yet (copies, not views of the socket's chunks). */
  private parts: Buffer[] | null = null;
  private size = 0;
  private inFlight = 0;
  private refused = false;
  private readonly onData = (chunk: Buffer) => this.read(chunk);

  constructor(
    private readonly socket: Socket,
    private readonly channel: ResultsChannel,
    private readonly services: Services,
    private readonly answerer: Answerer,
    /** The longest line taken (the hello says it); a longer one closes the stream. */
    private readonly maxLineBytes: number,
  ) {
    socket.on('data', this.onData);
  }

  private read(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, end);
      start = end + 1;
      if (this.size + piece.length > this.maxLineBytes) return this.refuse('an overlong line');
      const line = this.parts ? Buffer.concat([...this.parts, piece]) : piece;
      this.parts = null;
      this.size = 0;
      if (line.length > 0) this.handle(line);
      if (this.refused) return;
    }
    if (start === chunk.length) return;
    this.size += chunk.length - start;
    if (this.size > this.maxLineBytes) return this.refuse('an overlong line');
    // A copy: a view would keep the whole chunk alive until the line ends.
    (this.parts ??= []).push(Buffer.from(chunk.subarray(start)));
  }

  private handle(line: Buffer): void {
    let batch: AgentStreamResults;
    try {
      batch = AgentStreamResults.parse(JSON.parse(line.toString('utf8')));
    } catch {
      this.refuse('a line that is not the agent wire format');
      return;
    }
    if (++this.inFlight >= MAX_IN_FLIGHT) this.socket.pause();
    void this.store(batch).finally(() => {
      this.inFlight--;
      if (!this.refused && this.inFlight < MAX_IN_FLIGHT) this.socket.resume();
    });
  }

  private async store({ seq, results }: AgentStreamResults): Promise<void> {
    try {
      // A closed stream's answer would go nowhere: what is left, the agent posts.
      const outcomes = await storeResults(
        this.services,
        this.answerer,
        results,
        () => !this.channel.closed,
      );
      if (outcomes) this.channel.send([{ type: 'stored', seq, outcomes }]);
    } catch (err) {
      this.services.logger.warn(
        { err: describeError(err), clusterId: this.answerer.clusterId },
        'results from the stream not stored; the agent sends them again',
      );
      this.channel.send([{ type: 'unstored', seq }]);
    }
  }

  private refuse(why: string): void {
    if (this.refused) return;
    this.refused = true;
    this.socket.off('data', this.onData);
    this.services.logger.warn(
      { clusterId: this.answerer.clusterId, reason: why },
      'the agent broke the stream wire format; stream closed',
    );
    this.channel.close();
  }
}
