// Response helpers with the headers the apiserver sends.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Status } from './status.js';

function common(res: ServerResponse): void {
  res.setHeader('Audit-Id', randomUUID());
  res.setHeader('Cache-Control', 'no-cache, private');
}

/** A bigint in a fixture, until JSON.stringify has written it as a quoted marker. */
const BIG_INT = /"\\u0000bigint:(-?\d+)"/g;

/**
 * JSON text of an API object. Fixtures hold int64 fields beyond 2^53 (a runAsUser of
 * 9007199254740993) as bigint, which are written as the bare integers the apiserver sends.
 */
export function toJson(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (err) {
    // "Do not know how to serialize a BigInt": take the slower path that can. Anything else
    // (a cycle) throws again below.
    if (!(err instanceof TypeError)) throw err;
  }
  const marked = JSON.stringify(body, (_key, value: unknown) =>
    typeof value === 'bigint' ? `\u0000bigint:${value}` : value,
  );
  return marked.replace(BIG_INT, '$1');
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = toJson(body);
  common(res);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** JSON that is already text (prebuilt documents), sent as is. */
export function sendRawJson(res: ServerResponse, text: string): void {
  common(res);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status.code, status);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  common(res);
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Raw bytes as text/plain: pod logs, which limitBytes may cut inside a UTF-8 character. */
export function sendBytes(res: ServerResponse, code: number, bytes: Buffer): void {
  common(res);
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': bytes.length });
  res.end(bytes);
}
