// Suggestions for denials: what to run instead, as a whole allowed command when there is one.
import { scrubCredentials } from '@porthole/redact';
import { isKubectlWrapper, withoutWrappers } from './classify.js';
import type { Denial, Fix, Outcome } from './decision.js';
import { isDns1123Label } from './dns.js';
import { isDenial, parseFlags } from './flags.js';
import type { FlagSpec, ParsedFlags } from './flags.js';
import { GRAMMARS, flagSetFor } from './grammars.js';
import { arrange, knownSpec, takesNextWord } from './leading.js';
import { nearest } from './nearest.js';
import type { Policy } from './policy.js';
import type { ResourceTable } from './resources/table.js';

/** What a suggestion may use: deciding another command (never suggesting for it), the resources, the policy. */
export interface SuggestDeps {
  decide: (command: string | readonly string[]) => Outcome;
  table: ResourceTable;
  policy: Policy;
}

const MAX_WORD = 64;
const MAX_COMMAND = 200;
const PLAIN_WORD = /^[A-Za-z0-9._/:=,@%+-]+$/;

/**
 * A command as one line a user can paste, or null when any word is long or credential-shaped
 * (scrubbed as `show()` scrubs: a suggestion never carries a token, and never a pasted blob).
 */
export function render(argv: readonly string[]): string | null {
  const words: string[] = [];
  for (const w of argv) {
    if (w.length > MAX_WORD) return null;
    // In a canonical argv a lone `|` only ever separates pipe stages.
    words.push(w === '|' || PLAIN_WORD.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`);
  }
  const line = words.join(' ');
  if (line.length > MAX_COMMAND) return null;
  return scrubCredentials(line, Number.MAX_SAFE_INTEGER) === line ? line : null;
}

/** `text: command` (or `text command` after a question), when the command is allowed. */
function withCommand(
  deps: SuggestDeps,
  text: string,
  command: string | readonly string[],
): string | null {
  const d = deps.decide(command).decision;
  const line = d.allowed ? render(d.argv) : null;
  if (line === null) return null;
  return text.endsWith('?') ? `${text} ${line}` : `${text}: ${line}`;
}

// The parser's name for a flag to be dropped; no flag table uses it.
const DROP = '\u0000drop';

/**
 * Re-reads the command with its verb's flag table (plus aliases for the flag at fault), lets
 * `edit` change the flags, and writes it back: positionals, then every flag as `--name=value`.
 * A flag the table still refuses comes back as that denial.
 */
function reread(
  argv: readonly string[],
  aliases: ReadonlyArray<readonly [name: string, spec: FlagSpec]>,
  edit: (f: ParsedFlags) => void,
  lastWins = false,
): string[] | Denial | null {
  const a = arrange(argv);
  if (a.verb === undefined || !Object.hasOwn(GRAMMARS, a.verb)) return null;
  const set = flagSetFor(a.verb, a.sub);
  if (set === undefined) return null;
  const f = parseFlags(set, [...a.pre, ...a.rest], { aliases: new Map(aliases), lastWins });
  if (isDenial(f)) return f;
  edit(f);
  const flags: string[] = [];
  for (const [long, v] of f.values) {
    const spec = set.byLong.get(long);
    if (spec === undefined) continue;
    if (spec.kind === 'bool') flags.push(v === 'true' ? `--${long}` : `--${long}=false`);
    else flags.push(`--${long}=${v}`);
  }
  for (const [long, items] of f.lists) {
    if (set.byLong.has(long) && items.length > 0) flags.push(`--${long}=${items.join(',')}`);
  }
  const head = a.sub === undefined ? [a.verb] : [a.verb, a.sub];
  const pos = f.positionals;
  return pos.some((p) => p.startsWith('-'))
    ? [...head, ...flags, '--', ...pos]
    : [...head, ...pos, ...flags];
}

function rebuild(
  argv: readonly string[],
  aliases: ReadonlyArray<readonly [name: string, spec: FlagSpec]>,
  edit: (f: ParsedFlags) => void,
  lastWins = false,
): string[] | null {
  const r = reread(argv, aliases, edit, lastWins);
  return Array.isArray(r) ? r : null;
}

type Drop = Extract<Fix, { type: 'drop' }>;

/** Every spelling of the flag a drop fix names, read as a flag to leave out (the n-th such flag). */
function dropAliases(fix: Drop, n: number): (readonly [string, FlagSpec])[] {
  const isLong = fix.long.length > 1;
  const spec = knownSpec(fix.long, isLong);
  const kind = fix.bool ? 'bool' : (spec?.kind ?? 'string');
  const alias: FlagSpec = { long: `${DROP}${n}`, kind };
  const names = new Set([fix.long, ...(spec ? [spec.long, spec.short ?? ''] : [])]);
  names.delete('');
  return [...names].map((n) => [n, alias] as const);
}

/** Without the flag the fix names, and without the next few refused the same way (`--as x --as-group y`). */
function dropped(argv: readonly string[], fix: Drop): string[] | null {
  const aliases = dropAliases(fix, 0);
  for (let i = 1; i <= 4; i++) {
    const r = reread(argv, aliases, (f) => {
      for (let n = 0; n < i; n++) {
        f.values.delete(`${DROP}${n}`);
        f.lists.delete(`${DROP}${n}`);
      }
    });
    if (r === null || Array.isArray(r)) return r;
    if (r.fix?.type !== 'drop') return null;
    aliases.push(...dropAliases(r.fix, i));
  }
  return null;
}

/** The nearest known resource type for an unknown one, written into the command. */
function nearestType(argv: readonly string[], word: string, deps: SuggestDeps): string | null {
  const dot = word.indexOf('.');
  const name = dot < 0 ? word : word.slice(0, dot);
  // Names from the cluster's discovery are shown only as a command word would be.
  const near = nearest(name, deps.table.names()).filter((n) => render([n]) === n);
  const [first] = near;
  if (first === undefined) return null;
  if (near.length > 1) return `did you mean ${near.slice(0, 3).join(' or ')}?`;
  const fixed = `${first}${dot < 0 ? '' : word.slice(dot)}`;
  const swap = (w: string): string => {
    if (w === word) return fixed;
    if (w.startsWith(`${word}/`) || w.startsWith(`${word}.`))
      return `${fixed}${w.slice(word.length)}`;
    const parts = w.split(',');
    return parts.includes(word) ? parts.map((p) => (p === word ? fixed : p)).join(',') : w;
  };
  const text = `did you mean ${first}?`;
  return withCommand(deps, text, argv.map(swap)) ?? text;
}

/** Positionals and the namespace of a command kubectl has but Porthole does not (`exec -it web-1 -n shop -- sh`). */
function looseArgs(words: readonly string[]): { positionals: string[]; ns: string[] } {
  const positionals: string[] = [];
  let namespace: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '--') break;
    if (!w.startsWith('-') || w === '-') {
      positionals.push(w);
      continue;
    }
    if (w === '-n' || w === '--namespace') {
      namespace = words[++i];
      continue;
    }
    const inline = /^(?:-n=?|--namespace=)(.+)$/.exec(w);
    if (inline) namespace = inline[1];
    else if (takesNextWord(w)) i++;
  }
  const ns = namespace !== undefined && isDns1123Label(namespace) ? ['-n', namespace] : [];
  return { positionals, ns };
}

/** The object a write verb names: `TYPE NAME`, `TYPE/NAME...`, or a node for the node verbs. */
function objectOf(positionals: readonly string[], node: boolean): string[] {
  const [first, second] = positionals;
  if (first === undefined) return [];
  if (node) return ['node', first];
  if (first.includes('/')) return positionals.filter((p) => p.includes('/'));
  return second === undefined ? [first] : [first, second];
}

const READ_ONLY = 'Porthole is read-only; to inspect, use get or describe';

// The read that shows what a write verb would change.
const READ_INSTEAD: Record<string, { read: string[]; skip?: number; node?: boolean }> = {
  delete: { read: ['describe'] },
  edit: { read: ['get', '-o', 'yaml'] },
  patch: { read: ['get', '-o', 'yaml'] },
  scale: { read: ['get'] },
  autoscale: { read: ['get'] },
  expose: { read: ['get'] },
  label: { read: ['get', '--show-labels'] },
  annotate: { read: ['describe'] },
  set: { read: ['get'], skip: 1 },
  wait: { read: ['get'] },
  taint: { read: ['describe'] },
  cordon: { read: ['describe'], node: true },
  uncordon: { read: ['describe'], node: true },
  drain: { read: ['describe'], node: true },
};

const POD_VERBS = new Set(['exec', 'attach', 'cp', 'debug', 'port-forward']);

/** `exec`, `attach`, `cp`, `debug`, `port-forward` on a pod: its logs or its description. */
function podInstead(verb: string, words: readonly string[], deps: SuggestDeps): string {
  const { positionals, ns } = looseArgs(words);
  let target = verb === 'cp' ? positionals.find((p) => p.includes(':')) : positionals[0];
  let namespace = ns;
  if (verb === 'cp' && target !== undefined) {
    // kubectl cp names a pod as [NAMESPACE/]POD:PATH.
    const pod = target.slice(0, target.indexOf(':'));
    const slash = pod.indexOf('/');
    if (slash >= 0 && isDns1123Label(pod.slice(0, slash))) namespace = ['-n', pod.slice(0, slash)];
    target = slash >= 0 ? pod.slice(slash + 1) : pod;
  }
  const fallback = 'Porthole is read-only: use logs POD or describe pod POD';
  if (target === undefined || target === '') return fallback;
  const candidates = target.includes('/')
    ? [
        ['logs', target, ...namespace],
        ['describe', target, ...namespace],
      ]
    : [
        ['logs', target, ...namespace],
        ['describe', 'pod', target, ...namespace],
      ];
  const lines = candidates.flatMap((c) => {
    const d = deps.decide(c).decision;
    const line = d.allowed ? render(d.argv) : null;
    return line === null ? [] : [line];
  });
  return lines.length > 0 ? `use read-only commands instead: ${lines.join(' or ')}` : fallback;
}

/** For a refused or unknown verb: the read that shows the same thing, or the verb meant. */
function verbInstead(argv: readonly string[], deps: SuggestDeps): string | null {
  const a = arrange(argv);
  const verb = a.verb;
  if (verb === undefined) return null;
  // Flags before the verb count too (`-n shop delete pod x`).
  const words = [...a.pre, ...argv.slice(a.verbAt + 1)];
  if (verb === 'rollout' && a.sub !== undefined) {
    // restart, pause and resume change a rollout; status shows it (undo: history shows revisions).
    const { positionals, ns } = looseArgs([...a.pre, ...a.rest]);
    const read = a.sub === 'undo' ? 'history' : 'status';
    const text = `Porthole is read-only; rollout ${read} shows the rollout`;
    return (
      withCommand(deps, text, ['rollout', read, ...objectOf(positionals, false), ...ns]) ?? text
    );
  }
  if (verb === 'cluster-info') {
    return withCommand(deps, 'cluster-info without dump', ['cluster-info', ...looseArgs(words).ns]);
  }
  if (Object.hasOwn(GRAMMARS, verb)) return null; // disabled by the policy: nothing to offer
  if (POD_VERBS.has(verb)) return podInstead(verb, words, deps);
  const instead = Object.hasOwn(READ_INSTEAD, verb) ? READ_INSTEAD[verb] : undefined;
  if (instead !== undefined) {
    const { positionals, ns } = looseArgs(words);
    const object = objectOf(positionals.slice(instead.skip ?? 0), instead.node === true);
    const [read, ...flags] = instead.read;
    if (object.length === 0 || read === undefined) return READ_ONLY;
    const text = 'Porthole is read-only; to inspect instead';
    return withCommand(deps, text, [read, ...object, ...ns, ...flags]) ?? READ_ONLY;
  }
  switch (verb) {
    case 'proxy':
      return 'Porthole opens no tunnels; read objects with get TYPE NAME -o json';
    case 'config':
      return 'Porthole holds the cluster credentials; cluster-info shows the cluster it reaches';
    case 'alpha': {
      const rest = argv.slice(a.verbAt + 1);
      return rest[0] === 'events' ? withCommand(deps, 'use events', [...rest, ...a.pre]) : null;
    }
    case 'apply':
    case 'create':
    case 'replace':
    case 'run':
    case 'diff':
    case 'kustomize':
    case 'certificate':
      return READ_ONLY;
    default:
      break;
  }
  if (isKubectlWrapper(verb)) {
    const rest = withoutWrappers(argv.slice(a.verbAt));
    return withCommand(deps, 'start with the kubectl verb', rest) ?? verbInstead(rest, deps);
  }
  const enabled = [...new Set(deps.policy.verbs.map((v) => v.split(' ')[0] ?? ''))];
  const near = nearest(verb, enabled);
  const [first] = near;
  if (first !== undefined) {
    const text = `did you mean ${near.slice(0, 3).join(' or ')}?`;
    if (near.length > 1) return text;
    return (
      withCommand(
        deps,
        text,
        argv.map((w, i) => (i === a.verbAt ? first : w)),
      ) ?? text
    );
  }
  // A stray first word before a real command (a pasted token, `watch`, `time`).
  const rest = argv.slice(a.verbAt + 1);
  const next = rest[0];
  if (next !== undefined && Object.hasOwn(GRAMMARS, next)) {
    return withCommand(deps, 'start with the kubectl verb', rest);
  }
  return null;
}

/**
 * Braces and brackets in an output expression (`-o jsonpath={.items[*]}`) want quoting; a
 * template wants another format; anywhere else they are a wildcard, which names do not take.
 */
function globInstead(command: string, at: number, deps: SuggestDeps): string {
  const start = Math.max(command.lastIndexOf(' ', at), command.lastIndexOf('\t', at)) + 1;
  const word = command.slice(start, at);
  const previous =
    command
      .slice(0, start)
      .trimEnd()
      .split(/[ \t]+/)
      .at(-1) ?? '';
  const format =
    /^(?:-o=?|--output=)(.*)$/.exec(word)?.[1] ??
    (previous === '-o' || previous === '--output' ? word : null);
  if (format === null) {
    return 'names take no wildcards: list the type (get TYPE) or select with -l SELECTOR';
  }
  const name = format.split('=')[0]?.toLowerCase() ?? '';
  if (name.startsWith('go-template') || name.startsWith('template')) {
    return 'use -o jsonpath=… or -o custom-columns=… (inline), or -o json';
  }
  const text =
    name === 'custom-columns'
      ? "quote the expression, e.g. -o 'custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image'"
      : "quote the expression, e.g. -o 'jsonpath={.items[*].metadata.name}'";
  // The same command with the expression's word in single quotes, when that is all it lacks.
  const end = command.slice(at).search(/[ \t]/);
  const whole = end < 0 ? command.slice(start) : command.slice(start, at + end);
  if (whole.includes("'")) return text;
  const quoted = `${command.slice(0, start)}'${whole}'${command.slice(start + whole.length)}`;
  return withCommand(deps, 'quote the expression', quoted) ?? text;
}

/** A shell feature the tokenizer refused at `at`: the command before it, or what to use instead. */
function syntaxInstead(command: string, at: number, deps: SuggestDeps): string | null {
  const ch = command.charAt(at);
  const before = command.slice(0, at).trim();
  switch (ch) {
    case '|': // `||`: a single `|` is a pipe the tokenizer accepts
    case ';':
    case '&':
      return withCommand(deps, 'run one command at a time', before);
    case '>':
    case '<':
      return withCommand(deps, 'Porthole returns the output and touches no files', before);
    case '#':
      return withCommand(deps, 'drop the comment', before);
    case '*':
    case '?':
    case '[':
    case ']':
    case '{':
    case '}':
      return globInstead(command, at, deps);
    default:
      return null;
  }
}

/** What a grammar's fix becomes: a whole command when the fixed command is allowed. */
function fromFix(fix: Fix, argv: readonly string[] | null, deps: SuggestDeps): string | null {
  switch (fix.type) {
    case 'text':
      return fix.text;
    case 'retry':
      return withCommand(deps, fix.text, fix.argv) ?? fix.fallback ?? null;
    case 'secrets': {
      const ns = argv === null ? [] : looseArgs(argv).ns;
      const how = render(['describe', 'pod', 'NAME', ...ns]) ?? 'describe pod NAME';
      return `describe the workload that mounts it (${how}) shows which Secret it uses, without its values`;
    }
    default:
      break;
  }
  if (argv === null) return null;
  switch (fix.type) {
    case 'drop': {
      const fixed = dropped(argv, fix);
      return (fixed && withCommand(deps, fix.text, fixed)) ?? fix.text;
    }
    case 'rename': {
      const text = `did you mean --${fix.to}?`;
      const a = arrange(argv);
      const spec = a.verb === undefined ? undefined : flagSetFor(a.verb, a.sub)?.byLong.get(fix.to);
      const fixed = spec ? rebuild(argv, [[fix.from, spec]], () => undefined) : null;
      return (fixed && withCommand(deps, text, fixed)) ?? text;
    }
    case 'set': {
      const fixed = rebuild(argv, [], (f) => f.values.set(fix.long, fix.value));
      return (fixed && withCommand(deps, fix.text, fixed)) ?? fix.text;
    }
    case 'once': {
      const text = `give ${fix.shown} once (kubectl would use the last one)`;
      const fixed = rebuild(argv, [], () => undefined, true);
      return (fixed && withCommand(deps, text, fixed)) ?? text;
    }
    case 'type':
      return nearestType(argv, fix.word, deps);
  }
}

/** The suggestion for a denial, or null when there is nothing better to say than its message. */
export function suggest(
  o: Outcome,
  command: string | readonly string[],
  deps: SuggestDeps,
): string | null {
  const d = o.decision;
  if (d.allowed) return null;
  if (o.fix !== null) return fromFix(o.fix, o.argv, deps);
  if (o.argv === null) {
    return typeof command === 'string' && o.at >= 0 ? syntaxInstead(command, o.at, deps) : null;
  }
  if (d.rule === 'verb') return verbInstead(o.argv, deps);
  if (d.rule === 'output' && d.verb === 'describe') {
    // describe has no -o; get prints the same objects in that format.
    const a = arrange(o.argv);
    const asGet = o.argv.map((w, i) => (i === a.verbAt ? 'get' : w));
    return withCommand(deps, 'describe has no -o; use get', asGet);
  }
  return null;
}
