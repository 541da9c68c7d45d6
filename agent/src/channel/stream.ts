// Reading the command stream: one long-lived GET whose NDJSON body carries commands as the API
// hands them out, and pings while idle. Outbound only, like the long poll it replaces.
import { AgentStreamLine, type AgentCommand } from '@porthole/protocol';
import { ApiError, tokenRefused } from '../api-client.js';

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
/** Pings missed before the channel counts as dead. */
const MISSED_PINGS = 3;

/**
 * Reads one stream to its end: resolves when the API closes it (the agent opens the next),
 * rejects when it fails, goes silent, or breaks the wire format.
 */
export async function readStream(
  res: Response,
  handlers: StreamHandlers,
  options: { helloTimeoutMs: number; now: () => number },
): Promise<void> {
  if (res.status === 404 || res.status === 405) {
    await res.body?.cancel();
    throw new StreamUnusable('unsupported');
  }
  if (res.status === 401) throw tokenRefused(await res.text());
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new ApiError(res.status, `opening the command stream failed with HTTP ${res.status}`);
  }
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let hello: Hello | null = null;
  let lastLineAt = options.now();
  let silence: 'buffered' | 'silent' | null = null;
  // One watchdog per stream: before hello it waits for the first line, after it for pings.
  const watchdog = setInterval(
    () => {
      const quietMs = options.now() - lastLineAt;
      const limit = hello ? hello.pingMs * MISSED_PINGS : options.helloTimeoutMs;
      if (quietMs < limit) return;
      silence = hello ? 'silent' : 'buffered';
      void reader.cancel().catch(() => undefined);
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
      return;
    }
    if (!hello) throw new Error('the command stream did not start with hello');
    if (line.type === 'command') handlers.command({ id: line.id, jws: line.jws });
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const text = pending.slice(0, end);
        pending = pending.slice(end + 1);
        if (text.length > 0) onLine(text);
      }
      if (pending.length > MAX_LINE_CHARS)
        throw new Error('the command stream sent an overlong line');
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    clearInterval(watchdog);
    reader.releaseLock();
  }
  if (silence === 'buffered') throw new StreamUnusable('buffered');
  if (silence === 'silent') throw new Error('the command stream went silent');
  if (!hello) throw new Error('the command stream ended before hello');
}
