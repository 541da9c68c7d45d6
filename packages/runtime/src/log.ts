// The JSON logger both apps write to stdout. Credential-shaped fields are censored by path.
import { pino, type Logger } from 'pino';
import { stdoutWriter } from './turn-writer.js';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys whose value may be a secret if a caller logs a whole object by mistake: censored at the
 * top of a line, one level down (`headers.authorization`, `config.token`), and in
 * `req.headers.authorization`.
 */
const SECRET_KEYS = new Set(['authorization', 'token', 'key', 'password']);
const CENSOR = '[redacted]';

/**
 * The object with every secret-named field censored, or the object itself when there is none:
 * the caller's object is never changed, and a line without secrets allocates nothing here.
 * (pino's `redact` option does the same by path, but cloned and re-parsed its paths for every
 * field of every line: most of the cost of writing an audit line.)
 */
export function censorSecrets(line: Record<string, unknown>): Record<string, unknown> {
  let out = line;
  for (const key of Object.keys(line)) {
    const value = line[key];
    const censored = SECRET_KEYS.has(key) ? CENSOR : censorNested(value, key);
    if (censored === value) continue;
    if (out === line) out = { ...line };
    out[key] = censored;
  }
  return out;
}

/** One level down (two for `req.headers`). */
function censorNested(value: unknown, key: string): unknown {
  // The `err` serializer keeps only an Error's class, message, code and cause.
  if (!isRecord(value) || (key === 'err' && value instanceof Error)) return value;
  let out = value;
  for (const field of Object.keys(value)) {
    if (!SECRET_KEYS.has(field)) continue;
    if (out === value) out = { ...value };
    out[field] = CENSOR;
  }
  const headers = value.headers;
  if (key === 'req' && isRecord(headers) && Object.hasOwn(headers, 'authorization')) {
    if (out === value) out = { ...value };
    out.headers = { ...headers, authorization: CENSOR };
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function createLogger(
  name: string,
  level: LogLevel = 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      // Bindings (`service`, `audit`) are this code's constants, never a caller's object.
      log: censorSecrets,
    },
    // pino's own serializer names a plain object's class ("type":"Object") and adds its stack:
    // an Error logged raw is described like describeError does, anything else is left alone.
    serializers: {
      err: (value: unknown) => (value instanceof Error ? describeError(value) : value),
    },
  };
  // Written by this thread at the end of the calling turn (turn-writer.ts). pino's default hands
  // each line to a libuv worker thread and is woken again when it is written: a thread hop and an
  // event-loop wake-up per audit line, more CPU than the write itself. A stalled reader of stdout
  // slows the process instead of growing its memory without bound, and an exit loses no line.
  return pino(options, destination ?? stdoutWriter());
}

/** What a log line says of an error: its class, its message, its code and what caused it. */
export interface ErrorDescription {
  /** The error's class (`TypeError`, `ApiError`, `StoreUnavailableError`, `TimeoutError`). */
  type: string;
  message: string;
  code?: string;
  cause?: ErrorDescription;
}

/** A message longer than this is cut: an error may quote a whole response body. */
const MESSAGE_CHARS = 500;
/** Causes followed at most this deep. */
const CAUSE_DEPTH = 3;

/**
 * A short, safe description of an unknown error for logs: `{type, message, code?, cause?}` (the
 * cause described the same way), never a stack or the error's other fields.
 */
export function describeError(err: unknown, depth = 0): ErrorDescription {
  if (!(err instanceof Error)) {
    return { type: err === null ? 'null' : typeof err, message: cut(String(err)) };
  }
  const code = (err as { code?: unknown }).code;
  const cause: unknown = err.cause;
  return {
    type: errorType(err),
    message: cut(err.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(cause !== undefined && depth < CAUSE_DEPTH
      ? { cause: describeError(cause, depth + 1) }
      : {}),
  };
}

/** The most telling name: an own `name` (DOMException's TimeoutError), else the class. */
function errorType(err: Error): string {
  if (err.name && err.name !== 'Error') return err.name;
  const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === 'string' && ctor.length > 0 ? ctor : 'Error';
}

function cut(text: string): string {
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text;
}
