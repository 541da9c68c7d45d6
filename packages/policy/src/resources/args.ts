// kubectl's resource arguments: `type[,type] [name...]`, `type/name...`, and single `type/name` targets.
import type { Context, TypeMatch } from '../context.js';
import { namesSecrets, resolveType, secretsDenied } from '../context.js';
import { invalid, show } from '../decision.js';
import type { Denial, Target } from '../decision.js';
import { isObjectName, isObjectNamePrefix } from '../dns.js';
import { isDenial, showValue } from '../flags.js';
import type { ResourceArg, ResourceForm } from '../request.js';
import type { Entry, Match } from './table.js';

export interface ResourceArgs {
  /** Canonical types and names, in the user's form (`types names...` or `type/name...`). */
  resources: ResourceArg[];
  form: ResourceForm;
  targets: Target[];
  named: boolean;
}

/** The canonical argv words of resource arguments: `a,b NAME...` or `a/NAME...`. */
export function resourceWords(r: {
  resources: readonly ResourceArg[];
  form: ResourceForm;
}): string[] {
  if (r.form === 'slash') return r.resources.map((a) => `${a.type}/${a.names[0] ?? ''}`);
  return [r.resources.map((a) => a.type).join(','), ...(r.resources[0]?.names ?? [])];
}

export function checkName(entry: Entry, name: string, prefix = false): Denial | null {
  if (prefix ? isObjectNamePrefix(entry.nameRule, name) : isObjectName(entry.nameRule, name)) {
    return null;
  }
  const what =
    entry.nameRule === 'subdomain' ? 'lowercase DNS-1123 subdomain' : 'letters, digits and ".:_@-"';
  return invalid(
    'resource',
    `name ${showValue(name)} is not a valid Kubernetes name for ${entry.spelling} (${what})`,
  );
}

const SECRET_WORD = /secret/i;

/** Secrets anywhere in type position are reported before any other problem, whatever the spelling. */
function secretsFirst(ctx: Context, positionals: readonly string[]): Denial | null {
  // Every spelling that names Secrets contains "secret": most commands need no closer look.
  if (ctx.policy.secretsAllowed || !positionals.some((p) => SECRET_WORD.test(p))) return null;
  const slashed = positionals.some((p) => p.includes('/'));
  // In slash form everything before the last '/' is in type position (`pods/a,secrets/b`).
  const typeArgs = slashed
    ? positionals.flatMap((p) => p.split('/').slice(0, -1))
    : positionals.slice(0, 1);
  for (const t of typeArgs.flatMap((a) => a.split(','))) {
    if (namesSecrets(t)) return secretsDenied();
  }
  return null;
}

/** One `type/name` argument: exactly one '/', both sides non-empty, a single (non-category) type. */
export function parseSlashTarget(
  ctx: Context,
  arg: string,
  opts: { lowercase?: boolean; prefix?: boolean } = {},
): { match: Match; spelling: string; name: string } | Denial {
  const parts = arg.split('/');
  const [type = '', name = ''] = parts;
  if (parts.length !== 2 || type === '' || name === '' || type.includes(',')) {
    return invalid('resource', `${show(arg)} must be one type and one name, as in "pod/web-1"`);
  }
  const t = resolveType(ctx, type, opts);
  if (isDenial(t)) return t;
  const match = t.matches[0];
  if (t.category || !match) {
    return invalid('resource', `${show(type)} is a category; "type/name" needs a single type`);
  }
  const bad = checkName(match.entry, name, opts.prefix);
  if (bad) return bad;
  return { match, spelling: t.spelling, name };
}

/**
 * kubectl's ResourceTypeOrNameArgs: either every positional is `type/name`, or the first is a
 * comma list of types (categories expand) and the rest are names. `prefix` is for describe,
 * whose names may be the start of a name.
 */
export function parseResourceArgs(
  ctx: Context,
  positionals: readonly string[],
  opts: { prefix?: boolean } = {},
): ResourceArgs | Denial {
  const secret = secretsFirst(ctx, positionals);
  if (secret) return secret;
  if (positionals.some((p) => p.includes('/'))) {
    const resources: ResourceArg[] = [];
    const targets: Target[] = [];
    for (const p of positionals) {
      if (!p.includes('/')) {
        return invalid(
          'resource',
          `mixing "type/name" and "type name" forms is not allowed (found ${show(p)})`,
        );
      }
      const t = parseSlashTarget(ctx, p, opts);
      if (isDenial(t)) return t;
      resources.push({ type: t.spelling, names: [t.name] });
      targets.push({ resource: t.match.resolved, name: t.name });
    }
    return { resources, form: 'slash', targets, named: true };
  }
  const [types = '', ...names] = positionals;
  const resolved: TypeMatch[] = [];
  const seen = new Set<Entry>();
  for (const t of types.split(',')) {
    if (t === '') return invalid('resource', `resource list ${show(types)} has an empty entry`);
    const r = resolveType(ctx, t);
    if (isDenial(r)) return r;
    for (const m of r.matches) {
      // kubectl drops duplicates in some forms and prints them twice in others; refusing is simpler.
      if (seen.has(m.entry)) {
        return invalid(
          'resource',
          `resource type ${show(m.entry.spelling)} is listed more than once`,
        );
      }
      seen.add(m.entry);
    }
    resolved.push(r);
  }
  const matches = resolved.flatMap((r) => r.matches);
  for (const n of names) {
    for (const m of matches) {
      const bad = checkName(m.entry, n, opts.prefix);
      if (bad) return bad;
    }
  }
  const targets: Target[] = [];
  for (const m of matches) {
    if (names.length === 0) targets.push({ resource: m.resolved, name: null });
    for (const n of names) targets.push({ resource: m.resolved, name: n });
  }
  return {
    resources: resolved.map((r) => ({ type: r.spelling, names: [...names] })),
    form: 'list',
    targets,
    named: names.length > 0,
  };
}
