// `explain TYPE[.field...]`: schema documentation; reads OpenAPI, never cluster objects.
import type { Context } from '../context.js';
import { checkMatch, namesSecrets, secretsDenied } from '../context.js';
import { denied, invalid, show, withFix } from '../decision.js';
import type { Denial, ResolvedResource } from '../decision.js';
import { isDns1123Subdomain } from '../dns.js';
import { flagSet, isDenial, parseFlags, showValue } from '../flags.js';
import type { ExplainRequest } from '../request.js';
import type { Entry } from '../resources/table.js';
import type { VerbResult } from './common.js';
import { readBool } from './common.js';

export const FLAGS = flagSet('explain', [
  { long: 'namespace', short: 'n', kind: 'string' },
  { long: 'recursive', kind: 'bool' },
  { long: 'api-version', kind: 'string' },
]);

const FIELD = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const MAX_FIELDS = 20;

/** `v1` or `group/version`, as `--api-version` takes it. */
function readApiVersion(raw: string): { group: string; version: string } | null {
  const slash = raw.indexOf('/');
  const group = slash < 0 ? '' : raw.slice(0, slash);
  const version = slash < 0 ? raw : raw.slice(slash + 1);
  if (slash >= 0 && !isDns1123Subdomain(group)) return null;
  return VERSION.test(version) ? { group, version } : null;
}

/**
 * kubectl reads the first segment as a resource; without --api-version, an input that starts
 * with `plural.group` of one of the candidates means that group, and the rest are fields.
 */
function split(
  candidates: readonly Entry[],
  input: string,
  segments: readonly string[],
): { entry: Entry; fields: string[] } | null {
  for (const entry of candidates) {
    if (input === entry.spelling) return { entry, fields: [] };
    if (input.startsWith(`${entry.spelling}.`)) {
      return { entry, fields: input.slice(entry.spelling.length + 1).split('.') };
    }
  }
  const first = candidates[0];
  return first ? { entry: first, fields: segments.slice(1) } : null;
}

/** The canonical argv, printed from the request. */
function explainArgv(r: ExplainRequest): string[] {
  const argv = ['explain', [r.resource, ...r.fields].join('.')];
  if (r.recursive) argv.push('--recursive');
  if (r.apiVersion !== null) argv.push(`--api-version=${r.apiVersion}`);
  return argv;
}

/** Evaluates the arguments after `explain`. */
export function evaluateExplain(ctx: Context, args: readonly string[]): VerbResult | Denial {
  const f = parseFlags(FLAGS, args);
  if (isDenial(f)) return f;
  const [arg, ...extra] = f.positionals;
  if (arg === undefined || extra.length > 0) {
    return invalid(
      'resource',
      'explain takes exactly one resource, e.g. "explain pods.spec.containers"',
    );
  }
  // kubectl drops one trailing '.' (`explain pods.`).
  const input = arg.endsWith('.') ? arg.slice(0, -1) : arg;
  const segments = input.split('.');
  const head = segments[0] ?? '';
  if (namesSecrets(head) && !ctx.policy.secretsAllowed) return secretsDenied(false);
  const candidates = head === '' ? [] : ctx.table.candidates(head);
  if (candidates.length === 0) {
    return withFix(denied('resource', `resource type ${show(head)} is not known`), {
      type: 'type',
      word: head,
    });
  }

  const rawVersion = f.values.get('api-version');
  let entry: Entry | undefined;
  let fields: string[];
  let apiVersion: string | null = null;
  let resolved: ResolvedResource | undefined;
  if (rawVersion !== undefined && rawVersion !== '') {
    const gv = readApiVersion(rawVersion);
    if (gv === null) {
      return invalid(
        'flag',
        `--api-version takes v1 or group/version, got ${showValue(rawVersion)}`,
      );
    }
    // kubectl takes the resource from the first candidate and the group from --api-version.
    const plural = candidates[0]?.resource ?? '';
    entry = ctx.table.find(plural, gv.group);
    resolved = entry?.versions.get(gv.version);
    if (!entry || !resolved) {
      return denied('resource', `resource ${show(plural)} is not served as ${show(rawVersion)}`);
    }
    fields = segments.slice(1);
    apiVersion = gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
  } else {
    const s = split(candidates, input, segments);
    if (!s) return denied('resource', `resource type ${show(head)} is not known`);
    ({ entry, fields } = s);
    resolved = entry.preferred;
  }
  const bad = checkMatch(ctx, { entry, resolved });
  if (bad) return bad;
  if (fields.length > MAX_FIELDS || fields.some((x) => !FIELD.test(x))) {
    return invalid(
      'resource',
      `explain takes field names separated by ".", as in "pods.spec.containers"`,
    );
  }

  const request: ExplainRequest = {
    verb: 'explain',
    resource: apiVersion === null ? entry.spelling : entry.resource,
    fields,
    recursive: readBool(f, 'recursive') === true,
    apiVersion,
  };
  return {
    argv: explainArgv(request),
    request,
    subcommand: null,
    namespace: null,
    allNamespaces: false,
    targets: [{ resource: resolved, name: null }],
    readsObjects: false,
    namespaced: false,
  };
}
