// Test-only HTTPS client that trusts a kube-sim's CA (excluded from the build).
import { request } from 'node:https';
import type { KubeSim } from '../server.js';

export interface Reply {
  status: number;
  contentType: string;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface CallOptions {
  method?: string;
  accept?: string;
  /** false sends no Authorization header; a string sends that token. */
  token?: string | false;
}

export function call(sim: KubeSim, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.accept !== undefined) headers['Accept'] = options.accept;
  const token = options.token === undefined ? sim.token : options.token;
  if (token !== false) headers['Authorization'] = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${sim.url}${path}`,
      { method: options.method ?? 'GET', ca: sim.caPem, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
