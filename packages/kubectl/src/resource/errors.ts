// kubectl's error model and wording: StatusErrors from the API, transport failures, plain errors, aggregates.
//
// Mirrors k8s.io/apimachinery/pkg/api/errors (how a failed response becomes a StatusError),
// client-go's rest.Request (non-Status bodies) and kubectl's cmdutil.CheckErr /
// StandardErrorMessage (how an error is printed and with which prefix).
import { goQuote } from '../go/fmt.js';
import type { GoValue } from '../go/value.js';
import { isGoMap } from '../go/value.js';
import { parseGoJson } from '../go/decode.js';
import { UnredactableAnswer } from './redacting.js';

export type KubeError =
  /** An API Status failure (apierrors.StatusError); `message` is what Error() returns. */
  | { type: 'status'; reason: string; message: string; code: number }
  /** The request never got an HTTP answer (a *url.Error in Go). */
  | { type: 'transport'; message: string; refusedHost?: string }
  /** Any other error (fmt.Errorf in Go). */
  | { type: 'plain'; message: string }
  /** utilerrors.Aggregate. */
  | { type: 'aggregate'; errors: KubeError[] };

/**
 * What a KubeGet implementation may throw for a transport failure. Any other thrown Error is
 * treated the same way, with its message; set `refusedHost` (host:port) for a refused
 * connection so the wording matches kubectl's "The connection to the server ... was refused".
 */
export class KubeTransportError extends Error {
  constructor(
    message: string,
    readonly refusedHost?: string,
  ) {
    super(message);
    this.name = 'KubeTransportError';
  }
}

export const plainError = (message: string): KubeError => ({ type: 'plain', message });

export function transportError(err: unknown): KubeError {
  // An answer came but could not be redacted: a decoding failure in client-go, printed as a
  // plain `error: …`, not as a connection that failed.
  if (err instanceof UnredactableAnswer) return plainError(err.message);
  if (err instanceof KubeTransportError) {
    return err.refusedHost === undefined
      ? { type: 'transport', message: err.message }
      : { type: 'transport', message: err.message, refusedHost: err.refusedHost };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'transport', message };
}

/** utilerrors.NewAggregate: null for no errors, otherwise an aggregate (even of one). */
export function newAggregate(errs: KubeError[]): KubeError | null {
  return errs.length === 0 ? null : { type: 'aggregate', errors: errs };
}

/** utilerrors.Reduce(utilerrors.Flatten(utilerrors.NewAggregate(errs))). */
export function reduceFlatten(errs: KubeError[]): KubeError | null {
  const flat: KubeError[] = [];
  const walk = (e: KubeError): void => {
    if (e.type === 'aggregate') e.errors.forEach(walk);
    else flat.push(e);
  };
  errs.forEach(walk);
  if (flat.length === 0) return null;
  return flat.length === 1 ? (flat[0] as KubeError) : { type: 'aggregate', errors: flat };
}

/** Go's err.Error(). */
export function errorString(e: KubeError): string {
  switch (e.type) {
    case 'status':
    case 'plain':
    case 'transport':
      return e.message;
    case 'aggregate': {
      if (e.errors.length === 1) return errorString(e.errors[0] as KubeError);
      const seen: string[] = [];
      const visit = (x: KubeError): void => {
        if (x.type === 'aggregate') x.errors.forEach(visit);
        else if (!seen.includes(errorString(x))) seen.push(errorString(x));
      };
      visit(e);
      return seen.length === 1 ? (seen[0] as string) : `[${seen.join(', ')}]`;
    }
  }
}

/** kubectl's StandardErrorMessage: the wording for API and connection errors, null for others. */
export function standardErrorMessage(e: KubeError): string | null {
  if (e.type === 'status') {
    if (e.reason === 'Unauthorized')
      return `error: You must be logged in to the server (${e.message})`;
    if (e.reason !== '') return `Error from server (${e.reason}): ${e.message}`;
    return `Error from server: ${e.message}`;
  }
  if (e.type === 'transport') {
    if (e.refusedHost !== undefined) {
      return `The connection to the server ${e.refusedHost} was refused - did you specify the right host or port?`;
    }
    return `Unable to connect to the server: ${e.message}`;
  }
  return null;
}

const messageForError = (e: KubeError): string => standardErrorMessage(e) ?? errorString(e);

/** What kubectl's CheckErr prints on stderr for `err` (empty when there is none). */
export function checkErrText(err: KubeError | null): string {
  let e = err;
  if (e?.type === 'aggregate' && e.errors.length === 1) e = e.errors[0] as KubeError;
  if (e === null) return '';
  let msg: string;
  if (e.type === 'aggregate') {
    msg = e.errors.map((x) => `${messageForError(x)}\n`).join('');
  } else {
    msg = standardErrorMessage(e) ?? errorString(e);
    if (standardErrorMessage(e) === null && !msg.startsWith('error: ')) msg = `error: ${msg}`;
  }
  return msg.endsWith('\n') ? msg : `${msg}\n`;
}

/** Status reasons apimachinery knows; an unknown reason falls back to the HTTP code in IsNotFound etc. */
const KNOWN_REASONS = new Set([
  '',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'AlreadyExists',
  'Conflict',
  'Gone',
  'Invalid',
  'ServerTimeout',
  'StoreReadError',
  'Timeout',
  'TooManyRequests',
  'BadRequest',
  'MethodNotAllowed',
  'NotAcceptable',
  'RequestEntityTooLarge',
  'UnsupportedMediaType',
  'InternalError',
  'Expired',
  'ServiceUnavailable',
]);

function hasReason(e: KubeError, reason: string, code: number): boolean {
  if (e.type !== 'status') return false;
  return e.reason === reason || (!KNOWN_REASONS.has(e.reason) && e.code === code);
}

/** What a request was for, to word errors from servers that answer without a Status body. */
export interface RequestTarget {
  group: string;
  resource: string;
  /** '' for a list. */
  name: string;
}

const MAX_UNSTRUCTURED_TEXT = 2048;

/** apierrors.NewGenericServerResponse for a GET. */
function genericServerResponse(
  code: number,
  target: RequestTarget,
  serverMessage: string,
): KubeError {
  let reason = '';
  let message = `the server responded with the status code ${code} but did not return more information`;
  switch (code) {
    case 409:
      [reason, message] = ['Conflict', 'the server reported a conflict'];
      break;
    case 404:
      [reason, message] = ['NotFound', 'the server could not find the requested resource'];
      break;
    case 400:
      [reason, message] = ['BadRequest', 'the server rejected our request for an unknown reason'];
      break;
    case 401:
      [reason, message] = [
        'Unauthorized',
        'the server has asked for the client to provide credentials',
      ];
      break;
    case 403:
      [reason, message] = ['Forbidden', serverMessage];
      break;
    case 406:
      reason = 'NotAcceptable';
      message =
        serverMessage === '' || serverMessage === 'unknown'
          ? 'the server was unable to respond with a content type that the client supports'
          : serverMessage;
      break;
    case 415:
      [reason, message] = ['UnsupportedMediaType', serverMessage];
      break;
    case 405:
      [reason, message] = [
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      ];
      break;
    case 422:
      [reason, message] = [
        'Invalid',
        'the server rejected our request due to an error in our request',
      ];
      break;
    case 503:
      [reason, message] = [
        'ServiceUnavailable',
        'the server is currently unable to handle the request',
      ];
      break;
    case 504:
      reason = 'Timeout';
      message =
        'the server was unable to return a response in the time allotted, but may still be processing the request';
      break;
    case 429:
      reason = 'TooManyRequests';
      message = 'the server has received too many requests and has asked us to try again later';
      break;
    default:
      if (code >= 500) {
        reason = 'InternalError';
        message = `an error on the server (${goQuote(serverMessage)}) has prevented the request from succeeding`;
      }
  }
  if (target.resource !== '') {
    const qualified = target.group === '' ? target.resource : `${target.resource}.${target.group}`;
    message += target.name === '' ? ` (get ${qualified})` : ` (get ${qualified} ${target.name})`;
  }
  return { type: 'status', reason, message, code };
}

/**
 * The error client-go makes of a non-2xx response: the body's Status when it is a failure
 * Status, otherwise a generic error worded from the HTTP code. Discovery reads raw bodies
 * (`decodeStatus` false) and so always reports the generic error.
 */
export function errorFromResponse(
  status: number,
  body: string,
  target: RequestTarget,
  decodeStatus = true,
): KubeError {
  let parsed: GoValue | undefined;
  try {
    parsed = parseGoJson(body);
  } catch {
    // Not JSON: the apiserver's plain-text answers; their text becomes the server message.
    parsed = undefined;
  }
  if (
    decodeStatus &&
    isGoMap(parsed) &&
    parsed.get('kind') === 'Status' &&
    parsed.get('status') === 'Failure'
  ) {
    const code = parsed.get('code');
    return {
      type: 'status',
      reason: typeof parsed.get('reason') === 'string' ? (parsed.get('reason') as string) : '',
      message: typeof parsed.get('message') === 'string' ? (parsed.get('message') as string) : '',
      code: typeof code === 'bigint' ? Number(code) : status,
    };
  }
  const serverMessage =
    parsed === undefined ? body.slice(0, MAX_UNSTRUCTURED_TEXT).trim() : 'unknown';
  return genericServerResponse(status, target, serverMessage);
}

/** cli-runtime's EnhanceListError: names the resource a failed list was for. */
export function enhanceListError(
  e: KubeError,
  gvr: string,
  labelSelector: string,
  fieldSelector: string,
): KubeError {
  if (hasReason(e, 'Expired', 410)) return e;
  if (!(hasReason(e, 'BadRequest', 400) || hasReason(e, 'NotFound', 404)) || e.type !== 'status')
    return e;
  const message =
    labelSelector === '' && fieldSelector === ''
      ? `Unable to list ${goQuote(gvr)}: ${e.message}`
      : `Unable to find ${goQuote(gvr)} that match label selector ${goQuote(labelSelector)}, field selector ${goQuote(fieldSelector)}: ${e.message}`;
  return { ...e, message };
}
