// The pipe stages a command may end in (grep, head, tail, wc): the typed model and its one grammar.
//
// `parseStage` is the only reader of a stage's words: the policy calls it to decide, the agent's
// engine (@porthole/kubectl) runs what it returns. It is a strict allowlist in GNU's spellings;
// anything else is refused with a message naming the flag (never echoing a pattern) and what kind
// of refusal it is. `canonicalStage` prints a stage back as words that parse to the same stage, so
// a decision can be recorded and replayed word for word.
//
// A grep pattern is checked here for its count, length and NUL bytes only. Its syntax is the
// engine's to judge: the engine that compiles it lives in @porthole/kubectl, which depends on this
// package, so it passes its own check in `StageOptions.checkPatterns`. The policy, without one,
// allows a pattern the engine may refuse at run time, as GNU grep refuses one with exit status 2.
export const PIPE_LIMITS = {
  /** Stages after the kubectl command. */
  stages: 4,
  /** Patterns in one grep stage, after splitting -e values on newlines as GNU does. */
  patterns: 16,
  /** UTF-16 code units in one pattern. */
  patternLength: 1024,
  /** UTF-16 code units in all patterns of one grep stage. */
  totalPatternLength: 4096,
  /** Largest number for -A, -B, -C, head -n and tail -n. */
  count: 100_000,
} as const;

export interface GrepStage {
  tool: 'grep';
  /** One entry per pattern; none holds a newline (GNU splits them, and so does parseStage). */
  patterns: string[];
  /** -F: patterns are fixed strings. */
  fixed: boolean;
  /** -E: extended regular expressions (else basic, -G). Never together with `fixed`. */
  extended: boolean;
  ignoreCase: boolean;
  invert: boolean;
  word: boolean;
  count: boolean;
  lineNumbers: boolean;
  /**
   * Lines of context before / after each selected line; null when not given. Given (even as 0),
   * GNU prints `--` between groups that are not adjacent.
   */
  before: number | null;
  after: number | null;
}

export interface HeadStage {
  tool: 'head';
  lines: number;
}

/** `tail -n N` keeps the last N lines; `tail -n +N` starts at line N (1-based, +0 reads as +1). */
export type TailStage = { tool: 'tail'; lines: number } | { tool: 'tail'; fromLine: number };

export interface WcStage {
  tool: 'wc';
  lines: true;
}

export type PipeStage = GrepStage | HeadStage | TailStage | WcStage;
export type PipeTool = PipeStage['tool'];

/**
 * Why a stage was refused: `tool` is not an allowed command, `file` reads local files (a file
 * operand, grep -f or -r), `flag` is a flag not supported, `invalid` is a malformed stage (a
 * missing or bad value, a limit, a pattern the engine refuses).
 */
export type StageErrorKind = 'tool' | 'file' | 'flag' | 'invalid';

export type StageParse = PipeStage | { error: string; kind: StageErrorKind };

export interface StageOptions {
  /** The engine's own check of a grep stage's patterns: an error message (without `grep: `), or null. */
  checkPatterns?: (stage: GrepStage) => string | null;
}

/** The commands a stage may run, in the order messages and the policy summary list them. */
export const PIPE_TOOLS: readonly PipeTool[] = Object.freeze(['grep', 'head', 'tail', 'wc']);

class StageError extends Error {
  constructor(
    message: string,
    readonly kind: StageErrorKind = 'invalid',
  ) {
    super(message);
  }
}

/** A refused operand: a file name reads local files; a number in the wrong place is a slip. */
function operandError(tool: string): StageError {
  return new StageError(
    `${tool}: reads the piped input only; file operands are not allowed`,
    'file',
  );
}

/**
 * A flag as the user typed it, for a message. Only flag-shaped text is repeated back (a letter,
 * or lowercase words); anything else might be a value pasted in the wrong place.
 */
function flagName(word: string): string {
  const name = word.split('=')[0] as string;
  return /^(?:-[A-Za-z]|--[a-z]+(?:-[a-z]+){0,4})$/.test(name) && name.length <= 32
    ? name
    : 'a flag';
}

function count(tool: string, flag: string, value: string | undefined): number {
  if (value === undefined) throw new StageError(`${tool}: ${flag} needs a number`);
  if (!/^[0-9]{1,7}$/.test(value) || Number(value) > PIPE_LIMITS.count) {
    throw new StageError(
      `${tool}: ${flag} needs a whole number from 0 to ${PIPE_LIMITS.count.toLocaleString('en-US')}`,
    );
  }
  return Number(value);
}

/** Reads one stage's words (`['grep', '-i', 'crash']`) into a stage, or says why not. */
export function parseStage(words: readonly string[], options: StageOptions = {}): StageParse {
  try {
    const [tool, ...args] = words;
    switch (tool) {
      case 'grep':
        return parseGrep(args, options);
      case 'head':
        return { tool: 'head', lines: parseLineCount('head', args, false).lines };
      case 'tail':
        return parseTail(args);
      case 'wc':
        return parseWc(args);
      default: {
        const named =
          tool !== undefined && /^[A-Za-z0-9._-]{1,32}$/.test(tool) ? `'${tool}'` : 'that command';
        return {
          error: `${named} is not an allowed pipe command (allowed: ${PIPE_TOOLS.join(', ')})`,
          kind: 'tool',
        };
      }
    }
  } catch (err) {
    if (err instanceof StageError) return { error: err.message, kind: err.kind };
    throw err;
  }
}

/**
 * The stage as canonical argv: `parseStage(canonicalStage(s))` deep-equals a valid `s`. Flags come
 * in a fixed order; one pattern is written last as grep's operand (`grep -i crash`, CONTRACT §3a)
 * unless it could be read as a flag or is empty, and several each follow `-e`. No word is a lone
 * `|` (in an argv that separates stages): a `|` pattern is written `--regexp=|`.
 */
export function canonicalStage(stage: PipeStage): string[] {
  switch (stage.tool) {
    case 'grep': {
      const words = ['grep'];
      if (stage.fixed) words.push('-F');
      if (stage.extended) words.push('-E');
      if (stage.ignoreCase) words.push('-i');
      if (stage.invert) words.push('-v');
      if (stage.word) words.push('-w');
      if (stage.count) words.push('-c');
      if (stage.lineNumbers) words.push('-n');
      if (stage.before !== null) words.push('-B', String(stage.before));
      if (stage.after !== null) words.push('-A', String(stage.after));
      const [only, ...more] = stage.patterns;
      if (
        only !== undefined &&
        more.length === 0 &&
        only !== '' &&
        !only.startsWith('-') &&
        only !== '|'
      ) {
        words.push(only);
        return words;
      }
      for (const p of stage.patterns) {
        if (p === '|') words.push('--regexp=|');
        else words.push('-e', p);
      }
      return words;
    }
    case 'head':
      return ['head', '-n', String(stage.lines)];
    case 'tail':
      return ['tail', '-n', 'lines' in stage ? String(stage.lines) : `+${stage.fromLine}`];
    case 'wc':
      return ['wc', '-l'];
  }
}

type Matcher = 'G' | 'E' | 'F';

const GREP_SWITCHES = {
  i: 'ignoreCase',
  v: 'invert',
  w: 'word',
  c: 'count',
  n: 'lineNumbers',
} as const;
type GrepSwitch = keyof typeof GREP_SWITCHES;
const GREP_VALUED = new Set(['e', 'A', 'B', 'C']);
const GREP_MATCHERS = new Set<string>(['G', 'E', 'F']);
/** GNU's long spellings, to the short flag they stand for. */
const GREP_LONG = new Map<string, string>([
  ['ignore-case', 'i'],
  ['invert-match', 'v'],
  ['word-regexp', 'w'],
  ['count', 'c'],
  ['line-number', 'n'],
  ['basic-regexp', 'G'],
  ['extended-regexp', 'E'],
  ['fixed-strings', 'F'],
  ['regexp', 'e'],
  ['after-context', 'A'],
  ['before-context', 'B'],
  ['context', 'C'],
]);
const GREP_SUPPORTED = '-i -v -w -F -E -G -c -n -A -B -C -e';
/** grep flags that read local files (patterns from a file, directories, file name filters). */
const GREP_FILE_FLAGS = new Set([
  'f',
  'r',
  'R',
  'd',
  'D',
  'file',
  'recursive',
  'dereference-recursive',
  'directories',
  'devices',
  'include',
  'exclude',
  'exclude-from',
  'exclude-dir',
]);

function parseGrep(args: readonly string[], options: StageOptions): GrepStage {
  const stage: GrepStage = {
    tool: 'grep',
    patterns: [],
    fixed: false,
    extended: false,
    ignoreCase: false,
    invert: false,
    word: false,
    count: false,
    lineNumbers: false,
    before: null,
    after: null,
  };
  // Set from inside `apply`, so kept in an object: TypeScript does not track closure writes.
  const seen: { matcher: Matcher | null; context: number | null } = {
    matcher: null,
    context: null,
  };
  const expressions: string[] = [];
  const operands: string[] = [];

  const apply = (flag: string, shown: string, value: string | undefined): void => {
    if (Object.hasOwn(GREP_SWITCHES, flag)) {
      stage[GREP_SWITCHES[flag as GrepSwitch]] = true;
    } else if (GREP_MATCHERS.has(flag)) {
      if (seen.matcher !== null && seen.matcher !== flag) {
        throw new StageError(
          `grep: -${seen.matcher} and -${flag} cannot be combined (conflicting matchers)`,
        );
      }
      seen.matcher = flag as Matcher;
    } else if (flag === 'e') {
      if (value === undefined) throw new StageError(`grep: ${shown} needs a pattern`);
      expressions.push(value);
    } else if (flag === 'A') {
      stage.after = count('grep', shown, value);
    } else if (flag === 'B') {
      stage.before = count('grep', shown, value);
    } else if (flag === 'C') {
      seen.context = count('grep', shown, value);
    }
  };
  const unsupported = (shown: string, name: string): StageError =>
    new StageError(
      `grep: ${shown} is not supported (supported: ${GREP_SUPPORTED})`,
      GREP_FILE_FLAGS.has(name) ? 'file' : 'flag',
    );

  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq >= 0 ? word.slice(2, eq) : word.slice(2);
      const flag = GREP_LONG.get(name);
      if (flag === undefined) throw unsupported(flagName(word), name);
      if (GREP_VALUED.has(flag)) {
        const value = eq >= 0 ? word.slice(eq + 1) : args[++i];
        apply(flag, `--${name}`, value);
      } else {
        if (eq >= 0) throw new StageError(`grep: --${name} takes no value`);
        apply(flag, `--${name}`, undefined);
      }
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      if (/^-[0-9]+$/.test(word)) {
        // GNU's -NUM is -C NUM.
        seen.context = count('grep', '-NUM', word.slice(1));
        continue;
      }
      for (let j = 1; j < word.length; j++) {
        const ch = word[j] as string;
        const shown = /^[A-Za-z0-9]$/.test(ch) ? `-${ch}` : 'a flag';
        if (GREP_VALUED.has(ch)) {
          const rest = word.slice(j + 1);
          apply(ch, shown, rest !== '' ? rest : args[++i]);
          break;
        }
        if (Object.hasOwn(GREP_SWITCHES, ch) || GREP_MATCHERS.has(ch)) {
          apply(ch, shown, undefined);
          continue;
        }
        if (/^[0-9]$/.test(ch))
          throw new StageError('grep: write -NUM context as its own word, or -C NUM');
        throw unsupported(shown, ch);
      }
      continue;
    }
    operands.push(word);
  }

  if (expressions.length === 0) {
    const first = operands.shift();
    if (first === undefined) throw new StageError('grep: a pattern is required');
    expressions.push(first);
  }
  if (operands.length > 0) throw operandError('grep');
  stage.after ??= seen.context;
  stage.before ??= seen.context;
  stage.fixed = seen.matcher === 'F';
  stage.extended = seen.matcher === 'E';
  stage.patterns = expressions.flatMap((e) => e.split('\n'));
  checkPatternBounds(stage);
  const refused = options.checkPatterns?.(stage) ?? null;
  if (refused !== null) throw new StageError(`grep: ${refused}`);
  return stage;
}

/** The bounds every grep stage keeps, whoever checks its syntax. */
function checkPatternBounds(stage: GrepStage): void {
  const { patterns } = stage;
  if (patterns.length > PIPE_LIMITS.patterns) {
    throw new StageError(`grep: at most ${PIPE_LIMITS.patterns} patterns`);
  }
  if (patterns.some((p) => p.length > PIPE_LIMITS.patternLength)) {
    throw new StageError(`grep: a pattern may be at most ${PIPE_LIMITS.patternLength} characters`);
  }
  if (patterns.reduce((n, p) => n + p.length, 0) > PIPE_LIMITS.totalPatternLength) {
    throw new StageError(
      `grep: the patterns may total at most ${PIPE_LIMITS.totalPatternLength} characters`,
    );
  }
  if (patterns.some((p) => p.includes('\0')))
    throw new StageError('grep: a pattern holds a NUL character');
}

/** `-n N`, `-nN`, `--lines=N`, `--lines N` and the obsolete `-N`; the last one given wins. */
function parseLineCount(
  tool: 'head' | 'tail',
  args: readonly string[],
  plusAllowed: boolean,
): { lines: number; fromStart: boolean } {
  let lines = 10;
  let fromStart = false;
  const value = (shown: string, raw: string | undefined): void => {
    let text = raw;
    fromStart = false;
    if (text !== undefined && plusAllowed && text.startsWith('+')) {
      fromStart = true;
      text = text.slice(1);
    } else if (text !== undefined && plusAllowed && text.startsWith('-')) {
      // POSIX: tail -n -N is tail -n N.
      text = text.slice(1);
    } else if (text !== undefined && /^[+-]/.test(text)) {
      throw new StageError(`${tool}: ${shown} with a sign is not supported (tail -n +N is)`);
    }
    lines = count(tool, shown, text);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '-n' || word === '--lines') {
      value(word, args[++i]);
    } else if (word.startsWith('--lines=')) {
      value('--lines', word.slice('--lines='.length));
    } else if (/^-n./.test(word)) {
      value('-n', word.slice(2));
    } else if (/^-[0-9]+$/.test(word)) {
      value('-NUM', word.slice(1));
    } else if (word.startsWith('-') && word.length > 1) {
      throw new StageError(`${tool}: ${flagName(word)} is not supported (supported: -n N)`, 'flag');
    } else {
      throw /^[+-]?[0-9]+$/.test(word)
        ? new StageError(`${tool}: reads the piped input only; write the count as -n N`)
        : operandError(tool);
    }
  }
  return { lines, fromStart };
}

function parseTail(args: readonly string[]): TailStage {
  const { lines, fromStart } = parseLineCount('tail', args, true);
  return fromStart ? { tool: 'tail', fromLine: Math.max(1, lines) } : { tool: 'tail', lines };
}

function parseWc(args: readonly string[]): WcStage {
  if (args.length === 0) throw new StageError('wc: only wc -l is supported', 'flag');
  for (const word of args) {
    if (word !== '--lines' && !/^-l+$/.test(word)) {
      throw word.startsWith('-')
        ? new StageError(`wc: ${flagName(word)} is not supported (only -l)`, 'flag')
        : operandError('wc');
    }
  }
  return { tool: 'wc', lines: true };
}
