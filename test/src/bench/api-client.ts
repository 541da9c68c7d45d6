// The bench's client of the API: node:http over kept-alive connections, the same kind of client
// the direct side uses against the apiserver, so the two columns differ by the gateway alone
// (fetch cost the bench client about eight times as much CPU per call, on a machine the
// gateway shares with it).
import http from 'node:http';

export interface ApiPoster {
  /** POSTs JSON with the bearer key; resolves with the status and the parsed answer. */
  post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): void;
}

export function createApiPoster(apiUrl: string, apiKey: string, sockets: number): ApiPoster {
  const base = new URL(apiUrl);
  if (base.protocol !== 'http:') throw new Error('the bench talks to the API over http:// only');
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  return {
    post: (path, body) =>
      new Promise((resolve, reject) => {
        const payload = JSON.stringify(body);
        const req = http.request(
          {
            host: base.hostname,
            port: base.port,
            path,
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${apiKey}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              try {
                const text = Buffer.concat(chunks).toString('utf8');
                resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
              } catch (err) {
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}
