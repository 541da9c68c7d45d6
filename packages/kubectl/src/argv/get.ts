// Strict reading of the canonical `get` argv the policy package emits, into a GetRequest.
//
// Accepted: ['get', <resource args>, flags...] where the resource args are either all
// `type/name` or `type[,type...] [name...]`, and the flags are -n NS | -A, -l SEL,
// --field-selector SEL, -o json|yaml|wide|name, --show-labels, --no-headers, -L/--label-columns,
// --sort-by, --show-kind, --ignore-not-found, --show-managed-fields (each at most once; values
// as separate words or after `=`). Anything else throws: the policy already validated the
// command, so a mismatch here means the two readings disagree and nothing should run.
import type { GetRequest, ResourceArg } from '../types.js';

export class GetArgvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GetArgvError';
  }
}

const OUTPUTS = new Set(['json', 'yaml', 'wide', 'name']);

/** A resource type or name word: non-empty, no whitespace or control characters, not flag-like. */
function checkWord(word: string, what: string): void {
  if (word === '' || word.startsWith('-') || /[\s\p{Cc}]/u.test(word)) {
    throw new GetArgvError(`invalid ${what} ${JSON.stringify(word)}`);
  }
}

function parseResources(positionals: string[]): ResourceArg[] {
  if (positionals.length === 0) throw new GetArgvError('get needs a resource type');
  const slashed = positionals.filter((p) => p.includes('/')).length;
  if (slashed > 0 && slashed !== positionals.length) {
    throw new GetArgvError('resource arguments mix "type/name" and "type name" forms');
  }
  if (slashed > 0) {
    return positionals.map((p) => {
      const parts = p.split('/');
      const [type = '', name = ''] = parts;
      if (parts.length !== 2 || type.includes(','))
        throw new GetArgvError(`invalid resource/name argument ${JSON.stringify(p)}`);
      checkWord(type, 'resource type');
      checkWord(name, 'resource name');
      return { type, names: [name] };
    });
  }
  const [types = '', ...names] = positionals;
  const typeList = types.split(',');
  for (const t of typeList) checkWord(t, 'resource type');
  for (const n of names) {
    checkWord(n, 'resource name');
    if (n.includes(',')) throw new GetArgvError(`invalid resource name ${JSON.stringify(n)}`);
  }
  return typeList.map((type) => ({ type, names: [...names] }));
}

/** Reads canonical `get` argv; throws GetArgvError on anything outside the canonical grammar. */
export function parseGetArgv(argv: string[]): GetRequest {
  if (argv[0] !== 'get') throw new GetArgvError('not a get command');
  const positionals: string[] = [];
  const req: GetRequest = {
    resources: [],
    namespace: null,
    allNamespaces: false,
    labelSelector: null,
    fieldSelector: null,
    output: 'table',
    showLabels: false,
    noHeaders: false,
  };
  const seen = new Set<string>();
  const once = (flag: string): void => {
    if (seen.has(flag)) throw new GetArgvError(`flag ${flag} given twice`);
    seen.add(flag);
  };
  let i = 1;
  let inline: string | null = null;
  const value = (flag: string): string => {
    if (inline !== null) {
      i++;
      return inline;
    }
    const v = argv[i + 1];
    if (v === undefined || v === '') throw new GetArgvError(`flag ${flag} needs a value`);
    i += 2;
    return v;
  };
  const bool = (flag: string): boolean => {
    i++;
    if (inline === null) return true;
    if (inline === 'true') return true;
    if (inline === 'false') return false;
    throw new GetArgvError(`invalid boolean value for ${flag}`);
  };
  while (i < argv.length) {
    const raw = argv[i] as string;
    // `--flag=value` (the policy's form for some flags) reads as `--flag value`.
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const a = eq >= 0 ? raw.slice(0, eq) : raw;
    inline = eq >= 0 ? raw.slice(eq + 1) : null;
    if (!a.startsWith('-')) {
      if (seen.size > 0) throw new GetArgvError('resource arguments must come before flags');
      positionals.push(a);
      i++;
      continue;
    }
    switch (a) {
      case '-n': {
        once('-n');
        const ns = value(a);
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) || ns.length > 63)
          throw new GetArgvError('invalid namespace');
        req.namespace = ns;
        break;
      }
      case '-A':
        once('-A');
        req.allNamespaces = true;
        i++;
        break;
      case '-l':
        once('-l');
        req.labelSelector = value(a);
        break;
      case '--field-selector':
        once(a);
        req.fieldSelector = value(a);
        break;
      case '-o': {
        once('-o');
        const o = value(a);
        if (!OUTPUTS.has(o))
          throw new GetArgvError(`output format ${JSON.stringify(o)} is not allowed`);
        req.output = o as GetRequest['output'];
        break;
      }
      case '--show-labels':
        once(a);
        req.showLabels = bool(a);
        break;
      case '--no-headers':
        once(a);
        req.noHeaders = bool(a);
        break;
      case '-L':
      case '--label-columns': {
        once('-L');
        const cols = value(a).split(',');
        for (const c of cols) checkWord(c, 'label column');
        req.labelColumns = cols;
        break;
      }
      case '--sort-by': {
        once(a);
        const path = value(a);
        if (
          !/^\{?\.?[A-Za-z_][A-Za-z0-9_-]*(\[[0-9]{1,4}\])?(\.[A-Za-z_][A-Za-z0-9_-]*(\[[0-9]{1,4}\])?)*\}?$/.test(
            path,
          )
        )
          throw new GetArgvError('--sort-by takes a field path such as .metadata.name');
        req.sortBy = path;
        break;
      }
      case '--show-kind':
        once(a);
        req.showKind = bool(a);
        break;
      case '--ignore-not-found':
        once(a);
        req.ignoreNotFound = bool(a);
        break;
      case '--show-managed-fields':
        once(a);
        req.showManagedFields = bool(a);
        break;
      default:
        throw new GetArgvError(`flag ${JSON.stringify(a)} is not allowed`);
    }
  }
  if (req.namespace !== null && req.allNamespaces)
    throw new GetArgvError('-n and -A are exclusive');
  if (req.showLabels && req.output !== 'table' && req.output !== 'wide') {
    throw new GetArgvError(`--show-labels cannot be used with -o ${req.output}`);
  }
  req.resources = parseResources(positionals);
  const named = req.resources.some((r) => r.names.length > 0);
  if (named && (req.labelSelector !== null || req.fieldSelector !== null)) {
    throw new GetArgvError('selectors cannot be combined with resource names');
  }
  return req;
}
