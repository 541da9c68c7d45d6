// Reading the command stream: one long-lived GET whose NDJSON body carries commands as the API
// hands them out, and pings while idle. Outbound only, like the long poll it replaces. On the
// bare connection results may go back up it (uplink.ts), and their answers come down it.
import type { Readable } from 'node:stream';
import { AgentStreamLine, type AgentCommand } from '@porthole/protocol';
import { ApiError, tokenRefused } from '../api-client.js';
import type { StreamAnswer } from './open-stream.js';
import { createUplink, type ResultUplink, type UplinkEnd } from './uplink.js';

export interface Hello {
  clusterId: string;
  leaseMs: number;
  pingMs: number;
}

export interface StreamHandlers {
  hello(hello: Hello): void;
  command(command: AgentCommand): void;
  /** Any line, pings included: the channel is alive. */
  alive(): void;
  /** Results may go up this stream (after hello), until null (it ended). */
  uplink?(uplink: ResultUplink | null): void;
}

/** Why the stream cannot be used here: an API without it, or a proxy that holds its body back. */
export class StreamUnusable extends Error {
  override readonly name = 'StreamUnusable';
  constructor(readonly why: 'unsupported' | 'buffered') {
    super(
      why === 'unsupported'
        ? 'the API has no command stream (an older version)'
        : 'the command stream said nothing in time; a proxy may be buffering it',
    );
  }
}

/** A line longer than this is not the API's (a JWS is at most 16 KiB). */
const MAX_LINE_CHARS = 64 * 1024;
/** Of a refusal (401), this much is read: the API's error JSON is far smaller. */
const MAX_REFUSAL_BYTES = 64 * 1024;
/** Pings missed before the channel counts as dead. */
const MISSED_PINGS = 3;

/**
 * Reads one stream to its end: resolves when the API closes it (the agent opens the next),
 * rejects when it fails, goes silent, or breaks the wire format.
 */
export async function readStream(
  res: StreamAnswer,
  handlers: StreamHandlers,
  options: { helloTimeoutMs: number; now: () => number },
): Promise<void> {
  const { status, body } = res;
  if (status === 404 || status === 405) {
    body.destroy();
    throw new StreamUnusable('unsupported');
  }
  if (status === 401) throw tokenRefused(await readHead(body, MAX_REFUSAL_BYTES));
  // 204 and 205 carry no body, so no stream; 101 is the stream on the bare connection.
  if (status !== 101 && (status < 200 || status > 299 || status === 204 || status === 205)) {
    body.destroy();
    throw new ApiError(status, `opening the command stream failed with HTTP ${status}`);
  }
  const decoder = new TextDecoder();
  let pending = '';
  let hello: Hello | null = null;
  // Declared wide: it is set in onLine, which the compiler does not follow.
  let up = null as UplinkEnd | null;
  let lastLineAt = options.now();
  // One watchdog per stream: before hello it waits for the first line, after it for pings.
  const watchdog = setInterval(
    () => {
      const quietMs = options.now() - lastLineAt;
      const limit = hello ? hello.pingMs * MISSED_PINGS : options.helloTimeoutMs;
      if (quietMs < limit) return;
      body.destroy(
        hello ? new Error('the command stream went silent') : new StreamUnusable('buffered'),
      );
    },
    Math.min(1000, options.helloTimeoutMs),
  );
  watchdog.unref();

  const onLine = (text: string) => {
    let line: AgentStreamLine;
    try {
      line = AgentStreamLine.parse(JSON.parse(text));
    } catch {
      throw new Error('the command stream sent a line that is not the agent wire format');
    }
    lastLineAt = options.now();
    handlers.alive();
    if (line.type === 'hello') {
      if (hello) throw new Error('the command stream said hello twice');
      hello = line;
      handlers.hello(line);
      if (line.resultLineBytes && res.write && handlers.uplink) {
        up = createUplink(res.write, line.resultLineBytes);
        handlers.uplink(up.uplink);
      }
      return;
    }
    if (!hello) throw new Error('the command stream did not start with hello');
    if (line.type === 'command') handlers.command({ id: line.id, jws: line.jws });
    else if (line.type === 'stored' || line.type === 'unstored') {
      if (!up) throw new Error('the command stream answered results it was never sent');
      up.answered(line.seq, line.type === 'stored' ? { outcomes: line.outcomes } : null);
    }
  };

  // A throw in the loop destroys the body, and with it the connection.
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      // A character split between chunks waits in the decoder for its other bytes.
      pending += decoder.decode(chunk, { stream: true });
      let start = 0;
      let end: number;
      while ((end = pending.indexOf('\n', start)) >= 0) {
        if (end > start) onLine(pending.slice(start, end));
        start = end + 1;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_LINE_CHARS)
        throw new Error('the command stream sent an overlong line');
    }
  } finally {
    clearInterval(watchdog);
    if (up) {
      handlers.uplink?.(null);
      up.close();
    }
  }
  if (!hello) throw new Error('the command stream ended before hello');
}

/** The first `max` bytes of a body as text; the rest is not waited for (break destroys it). */
async function readHead(body: Readable, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) break;
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}
