// Sessions as routes and exec see them: only their owner's, and only within the caller's scope.
import { PortholeError } from '@porthole/protocol';
import type { SessionRecord } from '@porthole/store';
import type { ClientPrincipal } from './auth/credentials.js';
import { mayUseCluster } from './auth/scope.js';
import type { Services } from './context.js';

/** The shape of the ids POST /v1/sessions issues; anything else is looked up nowhere. */
export const SESSION_ID = /^ses_[A-Za-z0-9_-]{24}$/;

/**
 * A session is visible only to the principal that created it (by id: a later key with the same
 * name is someone else), and only while its scope still covers the session's cluster; to anyone
 * else it does not exist.
 */
export async function ownSession(
  services: Services,
  id: string,
  principal: ClientPrincipal,
): Promise<SessionRecord> {
  const session = SESSION_ID.test(id) ? await services.store.sessions.get(id) : null;
  if (
    !session ||
    session.owner !== principal.id ||
    !mayUseCluster(principal.scope, session.clusterId)
  )
    throw new PortholeError('session_not_found', 'no such session');
  return session;
}
