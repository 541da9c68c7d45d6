// Test fixture: envelopes signed like the API signs them, and an executor whose Kubernetes
// records every request it is asked.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { CompactSign } from 'jose';
import { BUILTIN_RESOURCES } from '@porthole/policy';
import {
  keyId,
  type AgentResultPost,
  type ApiResourceInfo,
  type CommandEnvelope,
  type EnvelopeClaims,
} from '@porthole/protocol';
import { createLogger } from '@porthole/runtime';
import { createEnvelopeVerifier, keysFromPem } from '../envelope.js';
import { execute, type ExecuteDeps } from '../execute.js';
import type { KubeGet } from '../kube/transport.js';

export const NOW = 1_800_000_000_000;
const apiKey = generateKeyPairSync('ed25519').privateKey;
const publicPem = createPublicKey(apiKey).export({ type: 'spki', format: 'pem' }).toString();
let serial = 0;

export interface Signing {
  namespaces?: string[] | null;
  claims?: Partial<EnvelopeClaims>;
  /** Unsigned fields beside the signature, which the agent must never act on. */
  unsigned?: Partial<CommandEnvelope>;
}

export async function signedEnvelope(argv: string[], s: Signing = {}): Promise<CommandEnvelope> {
  const id = `cmd-${String(++serial).padStart(8, '0')}`;
  const claims: EnvelopeClaims = {
    jti: id,
    cluster: 'alpha',
    argv,
    sub: 'team',
    iat: NOW / 1000,
    exp: NOW / 1000 + 30,
    nonce: `nonce-${id}-0123456789`,
    max_output_bytes: 4096,
    namespaces: s.namespaces ?? null,
    ...s.claims,
  };
  const signature = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', kid: keyId(createPublicKey(apiKey)) })
    .sign(apiKey);
  return {
    id,
    clusterId: 'alpha',
    argv,
    principal: 'team',
    createdAt: NOW,
    deadline: NOW + 30_000,
    maxOutputBytes: 4096,
    signature,
    ...s.unsigned,
  };
}

/** Legacy discovery answers with core/v1 pods only: enough for the renderer to resolve `pods`. */
export const CORE_V1_DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      {
        name: 'pods',
        singularName: 'pod',
        namespaced: true,
        kind: 'Pod',
        verbs: ['get', 'list'],
        shortNames: ['po'],
      },
    ],
  },
};

export const crd = (name: string, kind: string, namespaced: boolean): ApiResourceInfo => ({
  name,
  singularName: '',
  shortNames: [],
  kind,
  group: 'example.com',
  version: 'v1',
  namespaced,
  categories: [],
});

export const BUILTIN: ApiResourceInfo[] = BUILTIN_RESOURCES.map((r) => ({
  ...r,
  shortNames: [...r.shortNames],
  categories: [...r.categories],
}));

/** An executor for cluster `alpha`; Kubernetes answers 404 unless `kube` says otherwise. */
export function testExecutor(
  resources: readonly ApiResourceInfo[] | null = BUILTIN,
  kube: KubeGet = () => Promise.resolve({ status: 404, body: '' }),
) {
  const calls: string[] = [];
  const logs: string[] = [];
  const deps: ExecuteDeps = {
    verifier: createEnvelopeVerifier({
      keys: keysFromPem(publicPem),
      clusterId: 'alpha',
      now: () => NOW,
    }),
    logger: createLogger(
      'test',
      'info',
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    ),
    kube: (path, accept) => {
      calls.push(path);
      return kube(path, accept);
    },
    defaultNamespace: 'default',
    now: () => NOW,
    resources: () => resources,
  };
  return {
    calls,
    logs,
    /** The result to post, or null when the agent decided nothing is to be posted. */
    execute: (envelope: CommandEnvelope): Promise<AgentResultPost | null> =>
      execute(deps, { id: envelope.id, jws: envelope.signature }),
    /** Signs and runs; fails the test when nothing would be posted. */
    run: async (argv: string[], namespaces: string[] | null): Promise<AgentResultPost> => {
      const envelope = await signedEnvelope(argv, { namespaces });
      const result = await execute(deps, { id: envelope.id, jws: envelope.signature });
      if (result === null) throw new Error('the agent posted nothing');
      return result;
    },
  };
}
