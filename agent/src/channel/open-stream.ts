// Opening the command stream over node:http(s), its body read as a Node stream of Buffers rather
// than through fetch's web streams, whose machinery cost CPU on every chunk. Asked for on the bare
// connection (Upgrade: porthole-stream), the API holds a socket and none of Node's HTTP objects
// for as long as the stream lives; an API or proxy that ignores the ask answers the plain stream.
import http from 'node:http';
import https from 'node:https';
import { addAbortSignal, type Readable } from 'node:stream';
import { AGENT_STREAM_UPGRADE } from '@porthole/protocol';

/**
 * The stream's answer: any status (101 when the connection was switched to the stream), and its
 * body (the connection itself after a 101) for the reader to consume or destroy.
 */
export interface StreamAnswer {
  status: number;
  body: Readable;
  /** On the bare connection: writes a line up to the API (dropped once the connection is gone). */
  write?: (text: string) => void;
}

export type OpenStream = (
  path: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  /** Ask for the stream on the bare connection. */
  upgrade: boolean,
) => Promise<StreamAnswer>;

export function createStreamOpener(apiUrl: string): OpenStream {
  const base = new URL(apiUrl);
  const client = base.protocol === 'https:' ? https : http;
  const prefix = base.pathname.replace(/\/$/, '');

  return (path, headers, signal, upgrade) =>
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
          headers: upgrade
            ? { ...headers, connection: 'upgrade', upgrade: AGENT_STREAM_UPGRADE }
            : headers,
          signal,
        },
        (res) => {
          // An abort (the hello timeout, the agent stopping) must end the body being read too.
          addAbortSignal(signal, res);
          resolve({ status: res.statusCode ?? 0, body: res });
        },
      );
      req.on('upgrade', (res, socket, head) => {
        if (res.headers.upgrade?.toLowerCase() !== AGENT_STREAM_UPGRADE) {
          socket.destroy();
          reject(new Error('the API switched the stream to a protocol it was not asked for'));
          return;
        }
        // Lines that came with the 101 are read first.
        if (head.length > 0) socket.unshift(head);
        addAbortSignal(signal, socket);
        // The reader sees the connection's failures; a write racing its end must not throw
        // after the reader has stopped listening.
        socket.on('error', () => undefined);
        resolve({
          status: 101,
          body: socket,
          write: (text) => {
            if (socket.writable) socket.write(text);
          },
        });
      });
      // Before the answer this fails the open; after it, the broken connection fails the body.
      req.on('error', reject);
      req.end();
    });
}
