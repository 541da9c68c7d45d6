// A KubeGet over HTTPS to a kube-sim, as tests read it (no Warning headers, no transport errors mapped).
import { request } from 'node:https';
import type { KubeSim } from '@porthole/kube-sim';
import type { KubeGet } from '../resource/client.js';

export function simKube(sim: KubeSim): KubeGet {
  const url = new URL(sim.url);
  return (path, accept) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'GET',
          ca: sim.caPem,
          headers: { accept, authorization: `Bearer ${sim.token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
}
