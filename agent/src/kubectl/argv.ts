// Strict reading of the canonical `get` argv the policy package emits, into a GetRequest.
//
// Accepted: ['get', <resource args>, flags...] where the resource args are either all
// `type/name` or `type[,type...] [name...]`, and the flags are -n NS | -A, -l SEL,
// --field-selector SEL, -o json|yaml|wide|name, --show-labels, --no-headers (each at most once,
// values as separate words). Anything else throws: the policy already validated the command,
// so a mismatch here means the two readings disagree and nothing should run.
import type { GetRequest, ResourceArg } from './types.js';

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
  const value = (flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v === '') throw new GetArgvError(`flag ${flag} needs a value`);
    i += 2;
    return v;
  };
  while (i < argv.length) {
    const a = argv[i] as string;
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
        req.showLabels = true;
        i++;
        break;
      case '--no-headers':
        once(a);
        req.noHeaders = true;
        i++;
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
