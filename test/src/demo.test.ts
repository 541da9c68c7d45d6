// The README's first command: `npm run demo` serves the product and its printed commands work.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProcess, type Proc } from './harness/process.js';

let demo: Proc;
let url: string;
let key: string;

beforeAll(async () => {
  demo = startProcess(['test/dist/demo.js'], { PORTHOLE_PORT: '0' });
  url = /listening on (http:\/\/\S+)/.exec(await demo.waitFor(/listening on http/))![1]!;
  key = /API key: (\S+)/.exec(await demo.waitFor(/^API key: /))![1]!;
  await demo.waitFor(/Ctrl-C to stop/);
});
afterAll(async () => {
  expect(await demo.stop()).toBe(0);
});

const call = async (path: string, body?: unknown) => {
  const res = await fetch(url + path, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as any };
};

it('prints three ready-to-paste curl commands', () => {
  expect(demo.output().match(/^ {2}curl -s /gm)).toHaveLength(3);
});

it('lists the simulated cluster as connected', async () => {
  for (let i = 0; i < 100; i++) {
    const { json } = await call('/v1/clusters');
    if (json.clusters[0]?.connected) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the demo cluster never connected');
});

it('answers a read and refuses a write', async () => {
  const read = await call('/v1/clusters/demo/exec', { command: 'get pods -A -o wide' });
  expect(read.status).toBe(200);
  expect(read.json.output).toMatch(/^NAMESPACE +NAME +READY +STATUS/);
  const write = await call('/v1/clusters/demo/exec', { command: 'delete pod web-1' });
  expect(write.status).toBe(403);
  expect(write.json.error.code).toBe('command_denied');
});
