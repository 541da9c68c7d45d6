// What one command costs the agent itself, without the network on either side: `execute` of a
// signed `get pods -n default` in this process, the apiserver's answer (fetched once from
// kube-sim) served from memory. Verify, policy, redaction, decoding and rendering, and nothing
// of the five-process run's noise.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  createEnvelopeVerifier,
  DiscoveryCache,
  execute,
  keysFromPem,
  type KubeTransport,
} from '@porthole/agent';
import { BUILTIN_RESOURCES } from '@porthole/policy';
import { keyId, signCompact, type AgentCommand } from '@porthole/protocol';
import { createLogger } from '@porthole/runtime';

const ROUNDS = 5;
const PER_ROUND = 2000;
const LIST_PATH = '/api/v1/namespaces/default/pods';

/** `transport` reaches kube-sim; `tableAccept` is what kubectl asks for when it prints a table. */
export async function benchAgentExecute(
  transport: KubeTransport,
  tableAccept: string,
): Promise<void> {
  const answer = await transport.get(`${LIST_PATH}?limit=500`, tableAccept);
  if (answer.status !== 200) throw new Error(`kube-sim answered ${answer.status}`);
  const signing = generateKeyPairSync('ed25519').privateKey;
  const publicPem = createPublicKey(signing).export({ type: 'spki', format: 'pem' }).toString();
  const now = Date.now();
  const resources = BUILTIN_RESOURCES.map((r) => ({
    ...r,
    shortNames: [...r.shortNames],
    categories: [...r.categories],
  }));
  const deps = {
    verifier: createEnvelopeVerifier({
      keys: keysFromPem(publicPem),
      clusterId: 'bench',
      now: () => now,
    }),
    logger: createLogger('bench', 'warn', new Writable({ write: (_c, _e, done) => done() })),
    // The list from memory; discovery (once, then cached) from kube-sim.
    kube: (path: string, accept: string) =>
      path.startsWith(LIST_PATH) ? Promise.resolve(answer) : transport.get(path, accept),
    discovery: new DiscoveryCache(),
    defaultNamespace: 'default',
    now: () => now,
    resources: () => resources,
  };
  const kid = keyId(createPublicKey(signing));
  let serial = 0;
  // Each envelope once: the agent refuses a replayed nonce.
  const envelopes = (n: number): AgentCommand[] =>
    Array.from({ length: n }, () => {
      const id = `bench-${serial++}`;
      const claims = {
        jti: id,
        cluster: 'bench',
        argv: ['get', 'pods', '-n', 'default'],
        sub: 'bench',
        iat: Math.floor(now / 1000),
        exp: Math.ceil(now / 1000) + 60,
        nonce: `nonce-${id}-0123456789`,
        max_output_bytes: 1_048_576,
        namespaces: null,
      };
      return { id, jws: signCompact(JSON.stringify(claims), signing, { kid, typ: 'bench' }) };
    });
  const cpuMicros = (start: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(start);
    return used.user + used.system;
  };

  const executeUs: number[] = [];
  const verifyUs: number[] = [];
  // The first round warms the code up and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const runs = envelopes(PER_ROUND);
    const checks = envelopes(PER_ROUND);
    let start = process.cpuUsage();
    for (const command of runs) {
      const result = await execute(deps, command);
      if (result?.exitCode !== 0) throw new Error(`execute failed: ${JSON.stringify(result)}`);
    }
    const ran = cpuMicros(start) / PER_ROUND;
    start = process.cpuUsage();
    for (const command of checks) deps.verifier.verify(command);
    const verified = cpuMicros(start) / PER_ROUND;
    if (round > 0) {
      executeUs.push(ran);
      verifyUs.push(verified);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  console.log(
    `agent execute in this process (get pods -n default, ${Buffer.byteLength(answer.body)} B Table from memory; median of ${ROUNDS} rounds of ${PER_ROUND}): ${median(executeUs).toFixed(0)} µs CPU per command, of which envelope verification ${median(verifyUs).toFixed(0)} µs`,
  );
}
