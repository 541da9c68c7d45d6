// Sorting what a client got into ok, typed error, untyped error or hung, by the contract's rules.
import { errorStatus, type ErrorCode } from '@porthole/protocol';

export type Outcome = 'ok' | 'typed' | 'untyped' | 'hung';

export interface Answer {
  outcome: Outcome;
  /** HTTP status, or 0 when no response came. */
  status: number;
  /** A short word on what came back: the error code, the result status, or the failure. */
  detail: string;
  /** The parsed body, when it was JSON. */
  json: unknown;
  /** When the answer (or the give-up) came, ms since the epoch. */
  endedAt: number;
  /** The Retry-After header of a 429, if any. */
  retryAfter?: string;
}

const isCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.hasOwn(errorStatus, code);

/**
 * A 200 Result that succeeded is ok; a 200 Result that failed or timed out with a message, or an
 * error body whose code is in the contract with the status the contract gives it, is typed.
 * Anything else (a 500 `internal`, a body that is not JSON, a status no code explains) is
 * untyped: the client cannot tell what happened.
 */
export function classify(status: number, text: string): Omit<Answer, 'endedAt'> {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    return { outcome: 'untyped', status, detail: `HTTP ${status}, body not JSON`, json: null };
  }
  const body = (json ?? {}) as {
    status?: unknown;
    error?: unknown;
  };
  if (status === 200 || status === 202) {
    if (status === 202 || body.status === 'succeeded')
      return { outcome: 'ok', status, detail: 'succeeded', json };
    if (
      (body.status === 'failed' || body.status === 'timeout') &&
      typeof body.error === 'string' &&
      body.error.length > 0
    )
      return {
        outcome: 'typed',
        status,
        detail: `result ${body.status} (${body.error.slice(0, 80)})`,
        json,
      };
    return { outcome: 'untyped', status, detail: `HTTP ${status}, not a Result`, json };
  }
  const code = (body.error as { code?: unknown } | undefined)?.code;
  if (isCode(code) && code !== 'internal' && errorStatus[code] === status)
    return { outcome: 'typed', status, detail: code, json };
  return {
    outcome: 'untyped',
    status,
    detail: `HTTP ${status} ${isCode(code) ? code : 'without a contract code'}`,
    json,
  };
}

export interface SendOptions {
  method?: string;
  token: string;
  body?: unknown;
  /** Past this many ms without an answer the request is hung (the command's deadline + 1 s). */
  hungAfterMs: number;
}

/**
 * One request, classified. A connection the server closed as idle just as the request was put
 * on it (undici's "other side closed" on a kept-alive socket) carried nothing to the server, so
 * it is sent once more, as the harness does; every other failure to get a response is untyped.
 */
export async function send(url: string, options: SendOptions): Promise<Answer> {
  const signal = AbortSignal.timeout(options.hungAfterMs);
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const once = () =>
    fetch(url, {
      method: options.method ?? 'POST',
      headers,
      signal,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  try {
    let res: Response;
    try {
      res = await once();
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      if (cause?.code !== 'UND_ERR_SOCKET' || cause.message !== 'other side closed') throw err;
      res = await once();
    }
    const text = await res.text();
    const retryAfter = res.headers.get('retry-after');
    return {
      ...classify(res.status, text),
      endedAt: Date.now(),
      ...(retryAfter === null ? {} : { retryAfter }),
    };
  } catch (err) {
    const endedAt = Date.now();
    if (signal.aborted)
      return {
        outcome: 'hung',
        status: 0,
        detail: 'no answer by the deadline + 1 s',
        json: null,
        endedAt,
      };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    return { outcome: 'untyped', status: 0, detail: `no response (${why})`, json: null, endedAt };
  }
}

/**
 * Past how many ms without an answer a request with a `timeoutSeconds` deadline counts as hung:
 * the deadline plus CHAOS_HUNG_SLACK_MS (default the 1 s; the CI run, on a busy machine
 * whose own timers run late, allows more: a hung request never answers at all).
 */
export function hungAfterMs(timeoutSeconds: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CHAOS_HUNG_SLACK_MS;
  const slack = raw === undefined || raw === '' ? 1000 : Number(raw);
  if (!Number.isFinite(slack) || slack < 0)
    throw new Error('CHAOS_HUNG_SLACK_MS must be a non-negative number');
  return timeoutSeconds * 1000 + slack;
}
