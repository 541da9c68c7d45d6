// Request bodies and the client-gone signal, read straight off Node's request when this app is
// served by http-server.ts. Asking hono for either makes node-server build a whole web Request
// (Headers, an AbortController, the body as a web stream over the Node stream): about a tenth
// of the API's CPU per command, measured with perf. A request that is not Node's own (app.request
// in tests, MCP's inner calls) takes hono's standard path, with hono's bodyLimit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PortholeError } from '@porthole/protocol';

/** The env http-server.ts passes to the app: node-server's own, plus the request it built. */
export interface NodeEnv {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  /** The Request node-server made of `incoming`; another Request (an inner call) does not own it. */
  request: Request;
}

interface NodeBody {
  /** The cap limitBody set for this route; none means MAX_BODY_BYTES. */
  max: number | undefined;
  text: Promise<string> | undefined;
  gone: AbortController | undefined;
}

/** CONTRACT §3: client request bodies are capped at 64 KiB (and so is any body with no cap set). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The cap on an agent's bodies: a result carries up to maxOutputBytes of output, which JSON escaping can double. */
export function agentBodyBytes(maxOutputBytes: number): number {
  return maxOutputBytes * 2 + MAX_BODY_BYTES;
}

const bodies = new WeakMap<IncomingMessage, NodeBody>();

/** The Node request behind this context, when the context's request is that request's own. */
export function nodeOf(c: Context): { incoming: IncomingMessage; outgoing: ServerResponse } | null {
  const env = c.env as Partial<NodeEnv> | undefined;
  if (!env?.incoming || !env.outgoing || env.request !== c.req.raw) return null;
  return { incoming: env.incoming, outgoing: env.outgoing };
}

function stateOf(incoming: IncomingMessage): NodeBody {
  let state = bodies.get(incoming);
  if (!state) {
    state = { max: undefined, text: undefined, gone: undefined };
    bodies.set(incoming, state);
  }
  return state;
}

const tooLarge = () => new PortholeError('payload_too_large', 'request body is too large');

/**
 * Caps request bodies at maxBytes: a declared length over it is refused before the route runs
 * (as hono's bodyLimit does), and a body sent in chunks is refused when reading passes the cap.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const standard = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const node = nodeOf(c);
    if (!node) return standard(c, next);
    const { incoming } = node;
    if (incoming.method === 'GET' || incoming.method === 'HEAD') return next();
    // Node refuses a request that declares both a length and a transfer coding.
    const declared = incoming.headers['content-length'];
    if (declared !== undefined && incoming.headers['transfer-encoding'] === undefined) {
      if (Number.parseInt(declared, 10) > maxBytes) throw tooLarge();
    }
    stateOf(incoming).max = maxBytes;
    return next();
  };
}

/**
 * The request body as text, decoded as fetch's Request.text() does (UTF-8, a leading BOM
 * dropped, bad sequences replaced). Read once: a second call returns the same text.
 */
export function readText(c: Context): Promise<string> {
  const node = nodeOf(c);
  if (!node) return c.req.text();
  const state = stateOf(node.incoming);
  state.text ??= readIncoming(node.incoming, state.max ?? MAX_BODY_BYTES);
  return state.text;
}

function readIncoming(incoming: IncomingMessage, max: number): Promise<string> {
  if (incoming.readableEnded || incoming.destroyed) {
    return Promise.reject(new Error('the request body was already read or abandoned'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onFail);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // The rest is drained and dropped by node-server once the answer is sent.
      if (size > max) {
        done();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString();
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    };
    const onFail = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => onFail(new Error('the client went away before sending the whole body'));
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onFail);
    incoming.on('close', onClose);
  });
}

/**
 * Aborted when the client goes away before its answer is sent (as node-server aborts its
 * Request's signal): the connection closed, or the request body failed.
 */
export function clientGone(c: Context): AbortSignal {
  const node = nodeOf(c);
  if (!node) return c.req.raw.signal;
  const state = stateOf(node.incoming);
  if (state.gone) return state.gone.signal;
  const gone = new AbortController();
  state.gone = gone;
  const { incoming, outgoing } = node;
  const check = () => {
    if (incoming.errored) gone.abort(incoming.errored.toString());
    else if (!outgoing.writableFinished) gone.abort('Client connection prematurely closed.');
  };
  if (outgoing.closed) check();
  else outgoing.once('close', check);
  return gone.signal;
}

/** Ends a wait when the client goes away or the process shuts down. */
export function waitSignal({ shutdown }: { shutdown: AbortSignal }, c: Context): AbortSignal {
  const node = nodeOf(c);
  if (!node) return AbortSignal.any([c.req.raw.signal, shutdown]);
  const gone = clientGone(c);
  if (gone.aborted || shutdown.aborted) return gone.aborted ? gone : shutdown;
  const either = new AbortController();
  const onShutdown = () => either.abort(shutdown.reason);
  const onGone = () => {
    shutdown.removeEventListener('abort', onShutdown);
    either.abort(gone.reason);
  };
  shutdown.addEventListener('abort', onShutdown, { once: true });
  gone.addEventListener('abort', onGone, { once: true });
  // The wait is over once its answer is sent: the listener on the process-wide signal goes too.
  node.outgoing.once('close', () => shutdown.removeEventListener('abort', onShutdown));
  return either.signal;
}
