// Test helpers for the API's listeners on a real port: raw bytes in, the whole answer out.
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createLogger, type Logger } from '@porthole/runtime';
import { createHttpServer } from '../http-server.js';
import { startTestApi, type TestApi } from './harness.js';

export function silentLogger(): Logger {
  return createLogger(
    'test',
    'silent',
    new Writable({
      write(_c, _e, done) {
        done();
      },
    }),
  );
}

export interface RawAnswer {
  status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
  /** Everything received, as Latin-1 (one character per byte). */
  raw: string;
}

/**
 * Sends `parts` on a fresh connection, each in a write of its own once the one before has gone
 * (so a body reaches the server in pieces), then reads until the server closes the connection.
 * `halfClose` ends the sending side after the last part, as a client with nothing more to say.
 */
export function rawExchange(
  port: number,
  parts: Array<string | Buffer>,
  { halfClose = false } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const head = split < 0 ? raw : raw.slice(0, split);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: split < 0 ? '' : bytes.subarray(split + 4).toString('utf8'),
        raw,
      });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10s')));
    const send = (i: number) => {
      if (i === parts.length) {
        if (halfClose) socket.end();
        return;
      }
      socket.write(parts[i]!, () => setImmediate(() => send(i + 1)));
    };
    socket.once('connect', () => send(0));
  });
}

/** An app's fetch behind the real listener (createHttpServer) on a free local port. */
export async function listenApp(
  fetch: Parameters<typeof createHttpServer>[0],
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createHttpServer(fetch, silentLogger());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A test API behind the real listener (createHttpServer) on a free local port. */
export async function listenTestApi(...args: Parameters<typeof startTestApi>): Promise<{
  api: TestApi;
  port: number;
  close: () => Promise<void>;
}> {
  const api = await startTestApi(...args);
  const listening = await listenApp(api.app.fetch);
  return {
    api,
    port: listening.port,
    close: async () => {
      await listening.close();
      await api.close();
    },
  };
}

/** A raw connection and everything it has received so far. */
export interface RawConnection {
  socket: Socket;
  text: () => string;
  /** Resolves once the received text matches. */
  until: (pattern: RegExp) => Promise<string>;
  closed: Promise<void>;
}

/** Connects and sends `head`; what comes back is kept as text (characters split between reads too). */
export function openConnection(port: number, head: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const decoder = new StringDecoder('utf8');
    const waiting: Array<() => void> = [];
    socket.on('data', (d: Buffer) => {
      received += decoder.write(d);
      for (const check of waiting.splice(0)) check();
    });
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', reject);
    socket.once('connect', () => {
      socket.write(head);
      resolve({
        socket,
        text: () => received,
        until: (pattern) =>
          new Promise((found) => {
            const check = () => {
              if (pattern.test(received)) found(received);
              else waiting.push(check);
            };
            check();
          }),
        closed,
      });
    });
  });
}

/** The agent stream's request; by default asking for the bare connection. */
export const streamHead = (
  token: string,
  extra = 'Connection: upgrade\r\nUpgrade: porthole-stream\r\n',
) =>
  `GET /v1/agent/stream?slots=1&instance=upgrade-test-1 HTTP/1.1\r\nHost: x\r\n` +
  `Authorization: Bearer ${token}\r\n${extra}\r\n`;
