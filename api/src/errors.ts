// The one place errors become HTTP responses (CONTRACT §3 shape; nothing internal leaks).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PortholeError, type ErrorBody, type ErrorCode } from '@porthole/protocol';
import { describeError, type Logger } from '@porthole/runtime';
import { StoreError } from '@porthole/store';

export function errorResponse(c: Context, err: PortholeError): Response {
  if (err.code === 'rate_limited' && err.extra.retryAfter !== undefined) {
    c.header('Retry-After', String(err.extra.retryAfter));
  }
  return c.json(errorBody(err), err.status as ContentfulStatusCode);
}

/** The contract's error shape: `{"error":{code,message,rule?,suggestion?}, …extra}`. */
export function errorBody(err: PortholeError): ErrorBody {
  const { retryAfter: _omit, ...extra } = err.extra;
  return { error: { code: err.code, message: err.message, ...err.detail }, ...extra };
}

/**
 * How a store error is logged: an outage at error level, a cap or a full queue (an operator's
 * matter) as a warning, a clash of names or ids (the caller's) not at all.
 */
const STORE_ERROR_LOG: Partial<Record<ErrorCode, 'error' | 'warn'>> = {
  store_unavailable: 'error',
  queue_full: 'warn',
  limit_exceeded: 'warn',
};

/** The app's onError: every error a route throws becomes its response here, and only here. */
export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context): Response =>
    errorResponse(c, publicError(err, logger, c.req.routePath));
}

/**
 * What any error reads as to a client, logged as the error table says. The one mapping: onError
 * uses it for whole requests, and a fleet call for each cluster's part of one.
 */
export function publicError(err: unknown, logger: Logger, route: string): PortholeError {
  if (err instanceof PortholeError) return err;
  if (err instanceof StoreError) {
    // The code comes from the protocol's table; the message is the error's fixed public text.
    const level = STORE_ERROR_LOG[err.code];
    if (level) logger[level]({ err: describeError(err) }, 'store refused a call');
    return new PortholeError(err.code, err.publicMessage, { cause: err });
  }
  logger.error({ err: describeError(err), route }, 'unhandled error');
  return new PortholeError('internal', 'internal error');
}

export function fail(
  code: ErrorCode,
  message: string,
  extra?: Record<string, string | number>,
): never {
  throw new PortholeError(code, message, extra ? { extra } : {});
}
