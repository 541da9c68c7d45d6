// Who is calling: turns a bearer token into a client or agent principal, or a failure reason.
import { PortholeError } from '@porthole/protocol';
import { fingerprint, findByHash } from './secret-hash.js';
import type { StaticKey } from './static-keys.js';

export interface ClientPrincipal {
  kind: 'client';
  name: string;
  keyPrefix: string;
  admin: boolean;
}

export interface AgentPrincipal {
  kind: 'agent';
  clusterId: string;
}

export type FailureReason = 'missing' | 'malformed' | 'unknown';

/** Printable ASCII, bounded: anything else cannot be a credential we issued. */
const TOKEN = /^[\x21-\x7e]{1,512}$/;

export function bearerToken(
  header: string | undefined,
): { token: string } | { reason: FailureReason } {
  if (header === undefined || header.trim() === '') return { reason: 'missing' };
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !TOKEN.test(match[1])) return { reason: 'malformed' };
  return { token: match[1] };
}

export interface Authenticator {
  client(token: string): ClientPrincipal | undefined;
  agent(token: string): AgentPrincipal | undefined;
}

export function createAuthenticator(
  apiKeys: readonly StaticKey[],
  agentTokens: ReadonlyMap<string, string>,
): Authenticator {
  const agents = [...agentTokens].map(([clusterId, token]) => ({
    clusterId,
    hash: fingerprint(token),
  }));
  return {
    client(token) {
      const key = findByHash(apiKeys, fingerprint(token));
      return key && { kind: 'client', name: key.name, keyPrefix: key.prefix, admin: key.admin };
    },
    agent(token) {
      const entry = findByHash(agents, fingerprint(token));
      return entry && { kind: 'agent', clusterId: entry.clusterId };
    },
  };
}

const MESSAGES: Record<FailureReason, string> = {
  missing: 'missing credential: send Authorization: Bearer <token>',
  malformed: 'malformed credential: expected Authorization: Bearer <token>',
  unknown: 'invalid credential',
};

export function authError(reason: FailureReason): PortholeError {
  return new PortholeError('unauthenticated', MESSAGES[reason]);
}
