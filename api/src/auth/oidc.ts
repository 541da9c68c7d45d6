// OIDC bearer tokens: verified with jose against the issuer's JWKS (cached; refetched when a
// token names an unknown key id), mapped from groups to scopes.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { OidcConfig } from '../config.js';
import { unionScopes, type Scope } from './scope.js';

export type OidcResult =
  | { ok: true; issuer: string; subject: string; scope: Scope }
  | { ok: false; reason: 'malformed' | 'unknown' | 'expired' };

export interface OidcVerifier {
  verify(token: string): Promise<OidcResult>;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const NO_SCOPE: Scope = { clusters: [], namespaces: [], admin: false };

export function looksLikeJwt(token: string): boolean {
  return JWT_SHAPE.test(token);
}

/** `cooldownMs`: the least time between two JWKS fetches, so unknown key ids cannot flood the issuer. */
export function createOidcVerifier(
  config: OidcConfig,
  options: { cooldownMs?: number } = {},
): OidcVerifier {
  let jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  async function keySet() {
    if (jwks) return jwks;
    const res = await fetch(`${config.issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`OIDC discovery answered HTTP ${res.status}`);
    const { jwks_uri: uri } = (await res.json()) as { jwks_uri?: unknown };
    if (typeof uri !== 'string') throw new Error('OIDC discovery has no jwks_uri');
    jwks = createRemoteJWKSet(new URL(uri), {
      cooldownDuration: options.cooldownMs ?? 30_000,
      cacheMaxAge: 600_000,
    });
    return jwks;
  }

  return {
    async verify(token) {
      if (!looksLikeJwt(token)) return { ok: false, reason: 'malformed' };
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await keySet(), {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ['RS256', 'ES256', 'EdDSA', 'PS256'],
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
        if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid)
          return { ok: false, reason: 'malformed' };
        if (err instanceof errors.JOSEError) return { ok: false, reason: 'unknown' };
        // Discovery or JWKS unreachable: not the caller's fault, but still no access.
        throw err;
      }
      // The subject is who owns what this user runs: a token without one identifies nobody.
      if (typeof payload.sub !== 'string' || payload.sub === '')
        return { ok: false, reason: 'malformed' };
      const groups = payload[config.groupsClaim];
      const names = Array.isArray(groups)
        ? groups.filter((g): g is string => typeof g === 'string')
        : [];
      const scopes = names.flatMap((g) => config.groupScopes.get(g) ?? []);
      return {
        ok: true,
        issuer: config.issuer,
        subject: payload.sub,
        scope: unionScopes(scopes) ?? NO_SCOPE,
      };
    },
  };
}
