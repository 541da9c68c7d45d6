// A test client for GET /v1/agent/stream: reads the NDJSON body line by line, as an agent would.
import { AgentStreamLine } from '@porthole/protocol';

export interface RawStream {
  status: number;
  /** Every line read so far, in order. */
  readonly lines: readonly AgentStreamLine[];
  /** The next line not yet returned; rejects after `timeoutMs` or when the stream ends first. */
  next(timeoutMs: number): Promise<AgentStreamLine>;
  /** Reads lines until one matches `match`; returns them all, the match last. */
  readUntil(
    match: (line: AgentStreamLine) => boolean,
    timeoutMs: number,
  ): Promise<AgentStreamLine[]>;
  close(): void;
}

export type CommandLine = Extract<AgentStreamLine, { type: 'command' }>;
export const isCommand = (line: AgentStreamLine): line is CommandLine => line.type === 'command';
export const isPing = (line: AgentStreamLine) => line.type === 'ping';

/** An answer that is not a stream: its status and JSON body. */
export interface Refusal {
  status: number;
  json: any;
}

/** Opens the stream with `token` (none with null); a non-200 answer comes back as a Refusal. */
export async function openStream(
  apiUrl: string,
  token: string | null,
  query: string,
): Promise<RawStream | Refusal> {
  const abort = new AbortController();
  const res = await fetch(`${apiUrl}/v1/agent/stream${query}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) {
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }
  const lines: AgentStreamLine[] = [];
  let cursor = 0;
  let ended: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const body = res.body;
  void (async () => {
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of body) {
        pending += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = pending.indexOf('\n')) >= 0) {
          const text = pending.slice(0, end);
          pending = pending.slice(end + 1);
          // A line off the wire format fails the test that reads it, not this loop.
          if (text) lines.push(AgentStreamLine.parse(JSON.parse(text)));
        }
        notify();
      }
      ended = new Error('the stream ended');
    } catch (err) {
      ended = err instanceof Error ? err : new Error(String(err));
    }
    notify();
  })();

  const next = async (timeoutMs: number): Promise<AgentStreamLine> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const line = lines[cursor];
      if (line) {
        cursor++;
        return line;
      }
      if (ended) throw new Error(`no further line: ${ended.message}`);
      const left = until - Date.now();
      if (left <= 0)
        throw new Error(`no line within ${timeoutMs} ms; read so far: ${JSON.stringify(lines)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    status: res.status,
    lines,
    next,
    async readUntil(match, timeoutMs) {
      const until = Date.now() + timeoutMs;
      const read: AgentStreamLine[] = [];
      for (;;) {
        const line = await next(Math.max(1, until - Date.now()));
        read.push(line);
        if (match(line)) return read;
      }
    },
    close: () => abort.abort(),
  };
}

export function isStream(opened: RawStream | Refusal): opened is RawStream {
  return 'next' in opened;
}

/** Opens a stream that must open: a refusal fails the test with its body. */
export async function mustOpen(apiUrl: string, token: string, query = ''): Promise<RawStream> {
  const opened = await openStream(apiUrl, token, query);
  if (!isStream(opened))
    throw new Error(`the stream was refused: ${opened.status} ${JSON.stringify(opened.json)}`);
  return opened;
}

/** A well-formed result an agent could post for `argv`. */
export function resultFor(argv: string[]) {
  return {
    status: 'succeeded',
    exitCode: 0,
    output: 'posted by the test\n',
    error: null,
    truncated: false,
    outputBytes: 19,
    redactions: 0,
    durationMs: 1,
    command: argv,
  };
}
