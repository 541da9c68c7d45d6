// The operator's policy file (YAML): which read verbs, resources and namespaces are allowed.
import { parseDocument } from 'yaml';
import { isDns1123Label, isDns1123Subdomain } from './dns.js';
import { BUILTIN_RESOURCES } from './resources/builtin.js';

/** The verbs a policy may name: the built-in read-only verbs and nothing else. */
export const POLICY_VERBS: readonly string[] = [
  'get',
  'describe',
  'logs',
  'events',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'rollout history',
  'rollout status',
];
const SHORTHANDS = new Map<string, readonly string[]>([
  ['rollout', ['rollout history', 'rollout status']],
]);

/** A policy file that cannot be used. The message is one line, names the YAML path, never echoes a value. */
export class PolicyError extends Error {
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(path === '' ? `policy: ${problem}` : `policy: ${path}: ${problem}`, options);
    this.name = 'PolicyError';
    this.path = path;
  }
}

interface Patterns {
  all: boolean;
  exact: ReadonlySet<string>;
  /** resources: groups written as `*.group`; namespaces: prefixes written as `prefix*`. */
  wild: readonly string[];
}

const NONE: Patterns = { all: false, exact: new Set(), wild: [] };
const EVERYTHING: Patterns = { all: true, exact: new Set(), wild: [] };

/** A compiled policy: built once (from the file or the default), then only read. */
export class Policy {
  /** Enabled verbs, from POLICY_VERBS (`rollout history` and `rollout status` are separate). */
  readonly verbs: readonly string[];
  readonly secretsAllowed: boolean;
  /** True when namespaces are limited: then namespaced reads must name an allowed namespace with -n, and -A is refused. */
  readonly namespacesRestricted: boolean;
  /** `resources.deny` as written in a policy file: `plural`, `plural.group`, `*.group` or `*`. */
  readonly deniedResources: readonly string[];
  private readonly verbSet: ReadonlySet<string>;
  private readonly resourceAllow: Patterns;
  private readonly resourceDeny: Patterns;
  private readonly namespaceAllow: Patterns;
  private readonly namespaceDeny: Patterns;

  /** Use `parsePolicy` or `DEFAULT_POLICY`; the constructor trusts its (already validated) input. */
  private constructor(
    verbs: readonly string[],
    resources: [Patterns, Patterns],
    namespaces: [Patterns, Patterns],
    secretsAllowed: boolean,
  ) {
    this.verbs = Object.freeze([...verbs]);
    this.verbSet = new Set(verbs);
    [this.resourceAllow, this.resourceDeny] = resources;
    [this.namespaceAllow, this.namespaceDeny] = namespaces;
    this.secretsAllowed = secretsAllowed;
    const denyList = resources[1];
    this.deniedResources = Object.freeze([
      ...(denyList.all ? ['*'] : []),
      ...[...denyList.exact].map((r) => (r.endsWith('.') ? r.slice(0, -1) : r)),
      ...denyList.wild.map((g) => `*.${g}`),
    ]);
    const [allow, deny] = namespaces;
    this.namespacesRestricted =
      !allow.all || deny.all || deny.exact.size > 0 || deny.wild.length > 0;
    Object.freeze(this);
  }

  /** @internal */
  static build(
    verbs: readonly string[],
    resources: [Patterns, Patterns],
    namespaces: [Patterns, Patterns],
    secretsAllowed: boolean,
  ): Policy {
    return new Policy(verbs, resources, namespaces, secretsAllowed);
  }

  allowsVerb(verb: string): boolean {
    return this.verbSet.has(verb);
  }

  /** Resource lists never decide core Secrets: `secretsAllowed` does. */
  allowsResource(resource: string, group: string): boolean {
    const hit = (p: Patterns): boolean =>
      p.all || p.exact.has(`${resource}.${group}`) || (group !== '' && p.wild.includes(group));
    return hit(this.resourceAllow) && !hit(this.resourceDeny);
  }

  allowsNamespace(namespace: string): boolean {
    const hit = (p: Patterns): boolean =>
      p.all || p.exact.has(namespace) || p.wild.some((prefix) => namespace.startsWith(prefix));
    return hit(this.namespaceAllow) && !hit(this.namespaceDeny);
  }
}

/** The contract's policy (CONTRACT §4): every read-only verb, every resource but Secrets, every namespace. */
export const DEFAULT_POLICY: Policy = Policy.build(
  POLICY_VERBS,
  [EVERYTHING, NONE],
  [EVERYTHING, NONE],
  false,
);

const MAX_POLICY_BYTES = 64 * 1024;
const MAX_LIST = 1000;
const PLURAL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KEY_SHOWN = /^[A-Za-z][A-Za-z0-9_-]{0,30}$/;

// Built-in plurals that live only in a named group: `deployments` alone would silently match nothing.
const GROUP_OF = new Map<string, string>();
for (const r of BUILTIN_RESOURCES) {
  if (r.group === '') GROUP_OF.set(r.name, '');
  else if (!GROUP_OF.has(r.name)) GROUP_OF.set(r.name, r.group);
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keysOf(v: Record<string, Json>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) {
      const shown = KEY_SHOWN.test(key) ? `"${key}" is not a known key` : 'unknown key';
      const where = path === '' ? '' : path;
      throw new PolicyError(where, `${shown} (allowed: ${allowed.join(', ')})`);
    }
  }
}

function stringList(v: Json, path: string): string[] {
  if (!Array.isArray(v)) throw new PolicyError(path, 'must be a list of strings');
  if (v.length > MAX_LIST) throw new PolicyError(path, `has more than ${MAX_LIST} entries`);
  return v.map((item, i) => {
    if (typeof item !== 'string') throw new PolicyError(`${path}[${i}]`, 'must be a string');
    return item;
  });
}

function readVerbs(v: Json): string[] {
  if (v === undefined) return [...POLICY_VERBS];
  const out = new Set<string>();
  stringList(v, 'verbs').forEach((verb, i) => {
    const expanded = SHORTHANDS.get(verb) ?? (POLICY_VERBS.includes(verb) ? [verb] : null);
    if (!expanded) {
      throw new PolicyError(
        `verbs[${i}]`,
        `not one of the read-only verbs (${POLICY_VERBS.join(', ')}, rollout); a policy can only narrow them`,
      );
    }
    for (const e of expanded) out.add(e);
  });
  return POLICY_VERBS.filter((verb) => out.has(verb));
}

function resourcePatterns(v: Json, path: string, fallback: Patterns): Patterns {
  if (v === undefined) return fallback;
  const exact = new Set<string>();
  const wild: string[] = [];
  let all = false;
  stringList(v, path).forEach((entry, i) => {
    const at = `${path}[${i}]`;
    if (entry === '*') {
      all = true;
      return;
    }
    const dot = entry.indexOf('.');
    const name = dot < 0 ? entry : entry.slice(0, dot);
    const group = dot < 0 ? '' : entry.slice(dot + 1);
    const shape =
      (name === '*' || PLURAL.test(name)) && (dot < 0 || isDns1123Subdomain(group) || group === '');
    if (!shape || (name === '*' && group === '')) {
      throw new PolicyError(
        at,
        'not a resource: write the plural, plural.group or *.group (e.g. pods, deployments.apps, *.example.com)',
      );
    }
    if (name === 'secrets' && group === '') {
      throw new PolicyError(at, 'Secrets are governed by secrets.allow, not by resource lists');
    }
    const home = GROUP_OF.get(name);
    if (dot < 0 && home !== undefined && home !== '') {
      throw new PolicyError(at, `"${name}" is in the ${home} group: write "${name}.${home}"`);
    }
    if (name === '*') wild.push(group);
    else exact.add(`${name}.${group}`);
  });
  return { all, exact, wild };
}

function namespacePatterns(v: Json, path: string, fallback: Patterns): Patterns {
  if (v === undefined) return fallback;
  const exact = new Set<string>();
  const wild: string[] = [];
  let all = false;
  stringList(v, path).forEach((entry, i) => {
    if (entry === '*') all = true;
    else if (entry.endsWith('*') && /^[a-z0-9][-a-z0-9]*$/.test(entry.slice(0, -1)))
      wild.push(entry.slice(0, -1));
    else if (isDns1123Label(entry)) exact.add(entry);
    else
      throw new PolicyError(
        `${path}[${i}]`,
        'not a namespace name or pattern (a DNS-1123 label, "prefix*" or "*")',
      );
  });
  return { all, exact, wild };
}

function pair(
  v: Json,
  path: string,
  read: (v: Json, path: string, fallback: Patterns) => Patterns,
): [Patterns, Patterns] {
  if (v === undefined) return [EVERYTHING, NONE];
  if (!isObject(v)) throw new PolicyError(path, 'must be a mapping with allow and/or deny');
  keysOf(v, path, ['allow', 'deny']);
  return [read(v.allow, `${path}.allow`, EVERYTHING), read(v.deny, `${path}.deny`, NONE)];
}

function readSecrets(v: Json): boolean {
  if (v === undefined) return false;
  if (!isObject(v)) throw new PolicyError('secrets', 'must be a mapping such as { allow: true }');
  keysOf(v, 'secrets', ['allow']);
  if (v.allow === undefined) return false;
  if (typeof v.allow !== 'boolean') throw new PolicyError('secrets.allow', 'must be true or false');
  return v.allow;
}

/** Validates an already-parsed policy document (the YAML's data) and compiles it. */
export function createPolicy(doc: Json): Policy {
  if (doc === null || doc === undefined) return DEFAULT_POLICY;
  if (!isObject(doc)) throw new PolicyError('', 'the document must be a mapping');
  keysOf(doc, '', ['version', 'verbs', 'resources', 'namespaces', 'secrets']);
  if (doc.version !== undefined && doc.version !== 1) {
    throw new PolicyError('version', 'must be 1');
  }
  return Policy.build(
    readVerbs(doc.verbs),
    pair(doc.resources, 'resources', resourcePatterns),
    pair(doc.namespaces, 'namespaces', namespacePatterns),
    readSecrets(doc.secrets),
  );
}

/** Parses and compiles a YAML policy file (PORTHOLE_POLICY_FILE). Throws PolicyError. */
export function parsePolicy(text: string): Policy {
  if (text.length > MAX_POLICY_BYTES) {
    throw new PolicyError('', `the file is larger than ${MAX_POLICY_BYTES} bytes`);
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    // The library's message quotes the offending line, which could hold anything: only the position.
    const offset = err.pos[0];
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const where = ` at line ${line}, column ${offset - before.lastIndexOf('\n')}`;
    throw new PolicyError('', `invalid YAML${where} (${err.code})`);
  }
  let data: Json;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new PolicyError('', 'the YAML cannot be read as data (too many aliases?)', { cause });
  }
  return createPolicy(data);
}
