// The one place errors become HTTP responses (CONTRACT §3 shape; nothing internal leaks).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PortholeError, type ErrorCode } from '@porthole/protocol';
import { describeError, type Logger } from '@porthole/runtime';
import { AlreadyExistsError, LimitExceededError, StoreUnavailableError } from '@porthole/store';

export function errorResponse(c: Context, err: PortholeError): Response {
  if (err.code === 'rate_limited' && err.extra.retryAfter !== undefined) {
    c.header('Retry-After', String(err.extra.retryAfter));
  }
  const { retryAfter: _omit, ...extra } = err.extra;
  return c.json(
    { error: { code: err.code, message: err.message }, ...extra },
    err.status as ContentfulStatusCode,
  );
}

export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof PortholeError) return errorResponse(c, err);
    if (err instanceof StoreUnavailableError) {
      logger.error({ err: describeError(err) }, 'store unavailable');
      return errorResponse(c, new PortholeError('store_unavailable', 'the store is unreachable'));
    }
    if (err instanceof AlreadyExistsError) return errorResponse(c, alreadyExists(err));
    if (err instanceof LimitExceededError) {
      logger.warn({ limit: err.limit, max: err.max }, 'store cap reached');
      return errorResponse(c, limitReached(err));
    }
    logger.error({ err: describeError(err), route: c.req.routePath }, 'unhandled error');
    return errorResponse(c, new PortholeError('internal', 'internal error'));
  };
}

export function fail(
  code: ErrorCode,
  message: string,
  extra?: Record<string, string | number>,
): never {
  throw new PortholeError(code, message, extra ? { extra } : {});
}

/** The 409 for an API key name already taken (by a static key or a live issued one). */
export function apiKeyNameTaken(): PortholeError {
  return new PortholeError('conflict', 'an API key with that name exists; choose another name');
}

// Store conflicts become 409s whose messages are fixed text: none echoes the name, id or hash sent.
function alreadyExists(err: AlreadyExistsError): PortholeError {
  if (err.kind === 'API key' && err.field === 'name') return apiKeyNameTaken();
  return new PortholeError('conflict', 'a record with that identity exists already; retry', {
    cause: err,
  });
}

function limitReached(err: LimitExceededError): PortholeError {
  const what = err.limit === 'api_keys' ? 'live API keys' : 'registered clusters';
  const message = `the store holds its maximum of ${what}; remove some first`;
  return new PortholeError('conflict', message, { cause: err });
}
