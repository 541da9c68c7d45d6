// Who is calling: turns a bearer token into a client or agent principal, or a failure reason.
// Static keys (env) are checked first in constant time; issued keys by hash in the store; JWTs
// by the OIDC issuer when one is configured.
import { PortholeError } from '@porthole/protocol';
import type { Store } from '@porthole/store';
import { parseSecret, looksIssued } from './key-format.js';
import { looksLikeJwt, type OidcVerifier } from './oidc.js';
import { oidcPrincipalId } from './principal-id.js';
import { FULL_SCOPE, type Scope } from './scope.js';
import { fingerprint, findByHash } from './secret-hash.js';
import type { StaticKey } from './static-keys.js';

export type CredentialKind = 'api_key' | 'agent_token' | 'oidc' | 'none';
export type FailureReason = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked';

export interface ClientPrincipal {
  kind: 'client';
  /**
   * Stable and unique per credential (auth/principal-id.ts): owns commands, results, sessions
   * and the rate-limit bucket. Never compare names for that: they may repeat.
   */
  id: string;
  /** For people and the audit trail (`principal`). */
  name: string;
  /** First 8 characters of the key, for audit; null for OIDC users. */
  keyPrefix: string | null;
  credential: 'api_key' | 'oidc';
  /** Which kind of credential, as GET /v1/whoami names it (`credential` is the metric label). */
  credentialType: 'static_key' | 'issued_key' | 'oidc';
  scope: Scope;
}

export interface AgentPrincipal {
  kind: 'agent';
  clusterId: string;
}

export interface AuthFailure {
  failure: FailureReason;
  credential: CredentialKind;
}

/** Printable ASCII, bounded: anything else cannot be a credential we issued or accept. */
const TOKEN = /^[\x21-\x7e]{1,4096}$/;
/** lastUsedAt is written at most this often per key, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export function bearerToken(
  header: string | undefined,
): { token: string } | { reason: FailureReason } {
  if (header === undefined || header.trim() === '') return { reason: 'missing' };
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !TOKEN.test(match[1])) return { reason: 'malformed' };
  return { token: match[1] };
}

export interface Authenticator {
  client(token: string): Promise<ClientPrincipal | AuthFailure>;
  agent(token: string): Promise<AgentPrincipal | AuthFailure>;
  /** Whether a configured (static) key has this name: an issued key may not take it too. */
  staticKeyNamed(name: string): boolean;
}

export interface AuthenticatorOptions {
  apiKeys: readonly StaticKey[];
  agentTokens: ReadonlyMap<string, string>;
  store?: Pick<Store, 'apiKeys' | 'clusters'>;
  oidc?: OidcVerifier | null;
  now?: () => number;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { apiKeys, store, oidc } = options;
  const staticNames = new Set(apiKeys.map((k) => k.name));
  const now = options.now ?? Date.now;
  const agents = [...options.agentTokens].map(([clusterId, token]) => ({
    clusterId,
    hash: fingerprint(token),
  }));
  const fail = (failure: FailureReason, credential: CredentialKind): AuthFailure => ({
    failure,
    credential,
  });

  return {
    async client(token) {
      const hash = fingerprint(token);
      const key = findByHash(apiKeys, hash);
      if (key) {
        return {
          kind: 'client',
          id: key.id,
          name: key.name,
          keyPrefix: key.prefix,
          credential: 'api_key',
          credentialType: 'static_key',
          scope: key.admin ? { ...FULL_SCOPE, admin: true } : FULL_SCOPE,
        };
      }
      if (looksIssued(token)) {
        const type = parseSecret(token);
        // A typo fails its checksum here, without a store lookup.
        if (type === null) return fail('malformed', 'api_key');
        if (type !== 'apiKey' || !store) return fail('unknown', 'api_key');
        const record = await store.apiKeys.findByHash(hash.toString('hex'));
        if (!record) return fail('unknown', 'api_key');
        if (record.revokedAt !== null) return fail('revoked', 'api_key');
        const at = now();
        if (record.expiresAt !== null && record.expiresAt <= at) return fail('expired', 'api_key');
        if (record.lastUsedAt === null || at - record.lastUsedAt > TOUCH_INTERVAL_MS)
          await store.apiKeys.touch(record.id, at);
        return {
          kind: 'client',
          id: record.id,
          name: record.name,
          keyPrefix: record.prefix,
          credential: 'api_key',
          credentialType: 'issued_key',
          scope: { clusters: record.clusters, namespaces: record.namespaces, admin: record.admin },
        };
      }
      if (oidc && looksLikeJwt(token)) {
        const result = await oidc.verify(token);
        if (!result.ok) return fail(result.reason, 'oidc');
        return {
          kind: 'client',
          id: oidcPrincipalId(result.issuer, result.subject),
          name: `oidc:${result.subject.slice(0, 128)}`,
          keyPrefix: null,
          credential: 'oidc',
          credentialType: 'oidc',
          scope: result.scope,
        };
      }
      return fail('unknown', 'api_key');
    },

    async agent(token) {
      const hash = fingerprint(token);
      const entry = findByHash(agents, hash);
      if (entry) return { kind: 'agent', clusterId: entry.clusterId };
      if (looksIssued(token)) {
        const type = parseSecret(token);
        if (type === null) return fail('malformed', 'agent_token');
        if (type !== 'agentToken' || !store) return fail('unknown', 'agent_token');
        const clusterId = await store.clusters.findByTokenHash(hash.toString('hex'), now());
        if (clusterId) return { kind: 'agent', clusterId };
      }
      return fail('unknown', 'agent_token');
    },

    staticKeyNamed: (name) => staticNames.has(name),
  };
}

const MESSAGES: Record<FailureReason, string> = {
  missing: 'missing credential: send Authorization: Bearer <token>',
  malformed: 'malformed credential: expected Authorization: Bearer <token>',
  unknown: 'invalid credential',
  expired: 'credential expired',
  revoked: 'credential revoked',
};

export function authError(reason: FailureReason): PortholeError {
  return new PortholeError('unauthenticated', MESSAGES[reason]);
}
