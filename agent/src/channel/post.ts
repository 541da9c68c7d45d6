// Posting JSON to the API over kept-alive node:http(s) connections: the path every result takes,
// where fetch's per-request stream machinery cost more CPU than the rest of the post.
import http from 'node:http';
import https from 'node:https';

export interface Posted {
  status: number;
  body: string;
}

export type PostJson = (
  path: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
) => Promise<Posted>;

/** Answers larger than this are not the API's (results and renewals answer a few bytes). */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** A reused socket the server closed while idle fails before any answer: safe to send again. */
const STALE_CODES = new Set(['ECONNRESET', 'EPIPE']);

export function createPoster(apiUrl: string): PostJson {
  const base = new URL(apiUrl);
  const tls = base.protocol === 'https:';
  const client = tls ? https : http;
  const agent = tls
    ? new https.Agent({ keepAlive: true, maxSockets: 32 })
    : new http.Agent({ keepAlive: true, maxSockets: 32 });
  const prefix = base.pathname.replace(/\/$/, '');

  const send = (path: string, body: string, headers: Record<string, string>, timeoutMs: number) =>
    new Promise<Posted>((resolve, reject) => {
      let answered = false;
      const req = client.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: prefix + path,
          method: 'POST',
          agent,
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
          timeout: timeoutMs,
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) req.destroy(new Error('the API answered too much'));
            else chunks.push(chunk);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from the API in ${timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        const stale = !answered && req.reusedSocket && STALE_CODES.has(err.code ?? '');
        reject(stale ? new StaleSocket(err.message) : err);
      });
      req.end(body);
    });

  return async (path, body, headers, timeoutMs) => {
    try {
      return await send(path, body, headers, timeoutMs);
    } catch (err) {
      if (!(err instanceof StaleSocket)) throw err;
      return send(path, body, headers, timeoutMs);
    }
  };
}

class StaleSocket extends Error {}
