// What every verb grammar evaluates against: the resource table in use and the compiled policy.
import { denied, invalid, show, withFix } from './decision.js';
import type { Denial } from './decision.js';
import type { Policy } from './policy.js';
import type { Match, ResourceTable } from './resources/table.js';
import { spellingOf } from './resources/table.js';

export interface Context {
  table: ResourceTable;
  policy: Policy;
  /** Whether `table` is the cluster's discovery (true) or the built-in table (false); only changes messages. */
  discovered: boolean;
}

/** A type argument resolved to one resource, or to the members of a category such as `all`. */
export interface TypeMatch {
  /** The canonical spelling: `pods`, `deployments.apps`, `hpa.v1.autoscaling` → `horizontalpodautoscalers.v1.autoscaling`, or the category word. */
  spelling: string;
  matches: Match[];
  category: boolean;
}

export const SECRETS_DENIED = 'resource "secrets" is denied by the read-only policy';

/** Secrets in any spelling, refused: an attempt at a forbidden thing. */
export function secretsDenied(fix = true): Denial {
  const d = denied('resource', SECRETS_DENIED, true);
  return fix ? withFix(d, { type: 'secrets' }) : d;
}

/** Whether a type word names Secrets in any spelling (`Secret`, `secrets.v1.`, `SECRET.foo`). */
export function namesSecrets(word: string): boolean {
  const dot = word.indexOf('.');
  const name = (dot < 0 ? word : word.slice(0, dot)).toLowerCase();
  return name === 'secret' || name === 'secrets';
}

/** The policy's answer for one resolved resource: null when it may be read. */
export function checkMatch(ctx: Context, m: Match): Denial | null {
  const { resource, group } = m.resolved;
  if (resource === 'secrets') {
    if (group === '' && ctx.policy.secretsAllowed) return null;
    if (group === '' || !ctx.policy.secretsAllowed) return secretsDenied();
  }
  if (ctx.policy.allowsResource(resource, group)) return null;
  return denied('resource', `resource ${show(m.entry.spelling)} is denied by the policy`);
}

function unknown(ctx: Context, word: string): Denial {
  const where = ctx.discovered
    ? 'in the cluster'
    : 'among the standard Kubernetes resources (custom resources resolve once the cluster discovery is known)';
  return withFix(denied('resource', `resource type ${show(word)} is not known ${where}`), {
    type: 'type',
    word,
  });
}

/**
 * Resolves a type argument as kubectl does: a category (`all`) first, exact and case-sensitive;
 * then `name`, `name.group`, or `name.version.group` (tried as a full group-version-resource,
 * then as `name` plus the group `version.group`, so `widgets.example.com` works). Secrets in any
 * spelling are refused before anything else unless the policy allows them. `lowercase` is for
 * `events --for`, which lower-cases the whole type before resolving it.
 */
export function resolveType(
  ctx: Context,
  input: string,
  opts: { lowercase?: boolean } = {},
): TypeMatch | Denial {
  const word = opts.lowercase ? input.toLowerCase() : input;
  if (word === '') return invalid('resource', 'a resource type is empty');
  if (namesSecrets(word) && !ctx.policy.secretsAllowed) return secretsDenied();

  const members = word.includes('.') ? undefined : ctx.table.category(word);
  if (members) {
    const matches = members.map((entry) => ({ entry, resolved: entry.preferred }));
    for (const m of matches) {
      const bad = checkMatch(ctx, m);
      if (bad) {
        return denied(
          'resource',
          `resource ${show(word)} includes ${show(m.entry.spelling)}, which the policy denies; name the types instead`,
        );
      }
    }
    return { spelling: word, matches, category: true };
  }

  const first = word.indexOf('.');
  const name = first < 0 ? word : word.slice(0, first);
  if (name === '') return unknown(ctx, word);
  let match: Match | null = null;
  const second = first < 0 ? -1 : word.indexOf('.', first + 1);
  if (second >= 0) {
    match = ctx.table.lookup(name, word.slice(second + 1), word.slice(first + 1, second));
  }
  match ??= ctx.table.lookup(name, first < 0 ? '' : word.slice(first + 1), null);
  if (!match) return unknown(ctx, word);
  const bad = checkMatch(ctx, match);
  if (bad) return bad;
  return { spelling: spellingOf(match), matches: [match], category: false };
}
