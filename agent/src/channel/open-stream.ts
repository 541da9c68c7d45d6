// Opening the command stream over node:http(s), its body read as a Node stream of Buffers rather
// than through fetch's web streams, whose machinery cost CPU on every chunk.
import http from 'node:http';
import https from 'node:https';
import { addAbortSignal, type Readable } from 'node:stream';

/** The stream's answer: any status, and its body for the reader to consume or destroy. */
export interface StreamAnswer {
  status: number;
  body: Readable;
}

export type OpenStream = (
  path: string,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<StreamAnswer>;

export function createStreamOpener(apiUrl: string): OpenStream {
  const base = new URL(apiUrl);
  const client = base.protocol === 'https:' ? https : http;
  const prefix = base.pathname.replace(/\/$/, '');

  return (path, headers, signal) =>
    new Promise<StreamAnswer>((resolve, reject) => {
      const req = client.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: prefix + path,
          method: 'GET',
          // A connection of its own, closed with the stream: an answer that lives for minutes
          // must not hold a socket of the pool the result posts use.
          agent: false,
          headers,
          signal,
        },
        (res) => {
          // An abort (the hello timeout, the agent stopping) must end the body being read too.
          addAbortSignal(signal, res);
          resolve({ status: res.statusCode ?? 0, body: res });
        },
      );
      // Before the answer this fails the open; after it, the broken connection fails the body.
      req.on('error', reject);
      req.end();
    });
}
