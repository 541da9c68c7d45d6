// The one place errors become HTTP responses (CONTRACT §3 shape; nothing internal leaks).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PortholeError, type ErrorCode } from '@porthole/protocol';
import { describeError, type Logger } from '@porthole/runtime';
import { StoreUnavailableError } from '@porthole/store';

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
