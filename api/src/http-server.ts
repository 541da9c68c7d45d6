// The API's Node listeners: requests that never reach hono (malformed HTTP, heads or URLs too
// large, requests node-server cannot turn into a Request) still get the contract's JSON error.
import {
  createServer,
  ServerResponse,
  STATUS_CODES,
  type IncomingMessage,
  type RequestListener,
  type Server,
} from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { ErrorCode } from '@porthole/protocol';
import { describeError, type Logger } from '@porthole/runtime';

/** How long an idle keep-alive connection stays open on the server side. */
const KEEP_ALIVE_MS = 65_000;

/** The longest request target (path and query) served; longer is 414 before any routing. */
export const MAX_URL_CHARS = 8 * 1024;

/** How long a refused connection may still drain what its client sends before it is closed. */
const LINGER_MS = 2000;

type FetchCallback = Parameters<typeof getRequestListener>[0];

/** The contract's error body; messages here are fixed text and never quote the request. */
export function errorJson(code: ErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** The whole HTTP answer carrying a JSON error, for a socket no response object owns. */
function rawErrorAnswer(status: number, code: ErrorCode, message: string): string {
  const body = errorJson(code, message);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'content-type: application/json\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'connection: close\r\n\r\n' +
    body
  );
}

/** A JSON error on a Node response, closing the connection. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
): void {
  const body = errorJson(code, message);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.end(body);
}

/** Wraps a Node request listener: a request target over MAX_URL_CHARS is answered 414 here. */
export function limitUrl(listener: RequestListener): RequestListener {
  return (req, res) => {
    if ((req.url ?? '').length > MAX_URL_CHARS) {
      sendError(
        res,
        414,
        'invalid_request',
        `the request URL is longer than ${MAX_URL_CHARS} characters`,
      );
      return;
    }
    listener(req, res);
  };
}

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/** Status, code and message for an error of Node's HTTP parser or its timers. */
function classify(err: ParserError): [number, ErrorCode, string] {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      // Node counts the request line and the headers against one limit. A chunk with no line
      // break yet is still inside the request line: the URL is what is too long.
      return err.rawPacket !== undefined && !err.rawPacket.includes(0x0a)
        ? [414, 'invalid_request', 'the request URL is too long']
        : [431, 'invalid_request', 'the request headers are too large'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'payload_too_large', 'the chunk extensions are too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'invalid_request', 'the request was not received in time'];
    default: {
      // llhttp's codes are a fixed set of names; they say what was wrong without quoting it.
      const which =
        err.code !== undefined && /^HPE_[A-Z_]{1,40}$/.test(err.code) ? ` (${err.code})` : '';
      return [400, 'invalid_request', `malformed HTTP request${which}`];
    }
  }
}

/**
 * Answers what Node's HTTP parser refuses (NUL or obs-fold in a header, a head over
 * maxHeaderSize, a bad method, version or request line) with a JSON error instead of Node's
 * plain-text one. The connection is closed: after a parse error nothing more on it can be read.
 */
export function answerClientErrors(server: Server, logger?: Logger): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (err: ParserError, socket: Duplex) => {
    // The parser stays failed and reports again for every later chunk: one answer is enough.
    if (answered.has(socket)) return;
    answered.add(socket);
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, code, message] = classify(err);
    logger?.debug({ status, parser_code: err.code ?? null }, 'malformed HTTP request refused');
    socket.end(rawErrorAnswer(status, code, message));
    // Closing while the client is still sending would reset the connection, and a reset can
    // discard the answer before the client reads it: drain briefly, then destroy.
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
  });
}

/**
 * The API's HTTP server: hono's fetch behind the URL limit, with node-server's own refusals
 * (bad Host header, backslash in the path) and any escaped error turned into JSON.
 */
export function createHttpServer(
  fetch: FetchCallback,
  logger: Logger,
  /** The Host of requests that name none (HTTP/1.0), as node-server's serve() used. */
  hostname?: string,
): Server {
  // The app may read the body and the client's going straight off Node's request (body.ts)
  // while the Request it is handed is the one node-server made of it.
  const listener = getRequestListener(
    // node-server's env type has no room for more keys; body.ts reads `request` (NodeEnv).
    (request, env) => fetch(request, { ...env, request } as unknown as typeof env),
    {
      ...(hostname === undefined ? {} : { hostname }),
      errorHandler: (err: unknown) => {
        if (err instanceof RequestError) {
          return jsonResponse(
            400,
            'invalid_request',
            'the request target or Host header is not valid',
          );
        }
        logger.error({ err: describeError(err) }, 'unhandled error outside the app');
        return jsonResponse(500, 'internal', 'internal error');
      },
    },
  );
  const requests = limitUrl((req: IncomingMessage, res: ServerResponse) => void listener(req, res));
  const server = createServer(requests);
  // An idle keep-alive connection is closed by the client, not under it: Node's 5 s default lets
  // a request sent on a connection the server is closing fail with "other side closed", which
  // load balancers and busy clients hit. Longer than the usual 60 s proxy idle timeout.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  answerClientErrors(server, logger);
  serveUpgrades(server, requests);
  return server;
}

function destroySocket(this: Socket): void {
  this.destroy();
}

/** Answers made for requests that asked for an upgrade: the agent stream may take their socket. */
const upgradeAnswers = new WeakSet<ServerResponse>();

/**
 * The socket of an answer whose request asked to switch to `protocol` (one of the tokens of its
 * Upgrade header), taken from Node's HTTP machinery: the caller writes the 101 and owns the
 * connection. Null when the request asked for no such switch.
 */
export function takeUpgradedSocket(res: ServerResponse, protocol: string): Socket | null {
  if (!upgradeAnswers.has(res) || res.headersSent) return null;
  const asked = res.req.headers.upgrade ?? '';
  if (!asked.split(',').some((token) => token.trim().toLowerCase() === protocol)) return null;
  const socket = res.socket;
  if (!socket) return null;
  upgradeAnswers.delete(res);
  res.detachSocket(socket);
  return socket;
}

/**
 * A request that asks for an upgrade leaves Node's HTTP parser behind; it is answered by the app
 * like any other, on an answer of its own, and the connection closes after it, unless the route
 * takes the socket (the agent stream, takeUpgradedSocket). Node's own server, with no listener
 * here, would have answered it as a plain request: a client asking for h2c still gets its answer.
 */
function serveUpgrades(server: Server, requests: RequestListener): void {
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    // Not a closure here: one would keep this scope, and the answer in it, alive with the socket.
    socket.on('error', destroySocket);
    // The body of such a request is not parsed (it would be the new protocol's bytes).
    if (
      req.headers['content-length'] !== undefined ||
      req.headers['transfer-encoding'] !== undefined
    ) {
      socket.end(
        rawErrorAnswer(400, 'invalid_request', 'a request with a body cannot ask for an upgrade'),
      );
      return;
    }
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    upgradeAnswers.add(res);
    res.once('finish', () => {
      res.detachSocket(socket);
      socket.end();
    });
    requests(req, res);
  });
}

function jsonResponse(status: number, code: ErrorCode, message: string): Response {
  return new Response(errorJson(code, message), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
