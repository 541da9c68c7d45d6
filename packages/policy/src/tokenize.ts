// Splits an exec command string into argv with shell-style quoting and none of the shell's features.
import { MAX_ARGV, MAX_COMMAND_CHARS } from '@porthole/protocol';
import { codePointName } from './decision.js';

export type TokenizeResult =
  | {
      ok: true;
      /** The words, with each pipe separator as its own `|` element (as in a canonical argv). */
      argv: string[];
      /**
       * Indices in `argv` of the `|` elements that separate pipe stages. A quoted or escaped `|`
       * is a word like any other and is not listed.
       */
      pipes: number[];
    }
  | {
      ok: false;
      message: string;
      /**
       * An attempt at a shell feature that could do harm (command lists, redirects, substitution,
       * control characters); false for honest slips (globs, comments, quoting, limits).
       */
      unauthorized: boolean;
      /** 0-based offset of the offending character, or -1 (limits). */
      at: number;
    };

/** C0 controls, DEL and C1 controls: never part of a kubectl argument. */
export function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f);
}

// Outside quotes these would be operators or expansions in a shell. Refusing them (rather than
// treating them as letters) means a command never means something different here than in a shell.
// A single `|` is the one operator read: it separates pipe stages, which the policy then judges.
const OPERATORS = new Set([';', '&', '<', '>', '(', ')']);
const GLOBS = new Set(['*', '?', '[', ']', '{', '}']);

type State = 'plain' | 'single' | 'double';

// Characters that mean themselves anywhere outside quotes: most of every command, read in runs.
const LITERAL = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:@%+!^') {
  LITERAL[ch.charCodeAt(0)] = 1;
}

function fail(message: string, at = -1, unauthorized = false): TokenizeResult {
  return { ok: false, message, unauthorized, at };
}

/**
 * Single quotes are literal; double quotes honour `\"` and `\\`; a backslash outside quotes
 * escapes the next character. `$` and backticks are refused everywhere (a shell expands them
 * inside double quotes), control characters everywhere, and operators, globs, braces, a leading
 * `~` or `#` unless quoted or escaped. An unquoted `|` ends a word and stands alone as a
 * separator (`||` is refused). Positions in messages are 1-based.
 */
export function tokenize(command: string): TokenizeResult {
  if (command.length > MAX_COMMAND_CHARS) {
    return fail(`command is ${command.length} characters long; the limit is ${MAX_COMMAND_CHARS}`);
  }
  const argv: string[] = [];
  const pipes: number[] = [];
  let state: State = 'plain';
  let word = '';
  let inWord = false;
  let quoteStart = 0;

  const endWord = (): boolean => {
    if (!inWord) return true;
    argv.push(word);
    word = '';
    inWord = false;
    return argv.length <= MAX_ARGV;
  };
  const tooMany = (): TokenizeResult => fail(`command has more than ${MAX_ARGV} arguments`);

  for (let i = 0; i < command.length; i++) {
    const code = command.charCodeAt(i);
    if (state === 'plain' && code < 128 && LITERAL[code] === 1) {
      let j = i + 1;
      while (j < command.length) {
        const c = command.charCodeAt(j);
        if (c >= 128 || LITERAL[c] !== 1) break;
        j++;
      }
      word += command.slice(i, j);
      inWord = true;
      i = j - 1;
      continue;
    }
    const ch = command.charAt(i);
    const pos = i + 1;
    const separator = state === 'plain' && (ch === ' ' || ch === '\t');
    if (isControl(code) && !separator) {
      return fail(
        `control character ${codePointName(command, i)} at position ${pos} is not allowed`,
        i,
        true,
      );
    }
    if (ch === '$' || ch === '`') {
      return fail(
        `character "${ch}" at position ${pos} is not allowed: no variable or command substitution`,
        i,
        true,
      );
    }
    if (state === 'single') {
      if (ch === "'") state = 'plain';
      else word += ch;
      continue;
    }
    if (state === 'double') {
      if (ch === '"') state = 'plain';
      else if (ch === '\\' && (command[i + 1] === '"' || command[i + 1] === '\\'))
        word += command[++i];
      else word += ch;
      continue;
    }
    if (separator) {
      if (!endWord()) return tooMany();
      continue;
    }
    if (ch === "'" || ch === '"') {
      state = ch === "'" ? 'single' : 'double';
      quoteStart = pos;
      inWord = true;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 >= command.length) return fail(`backslash at position ${pos} escapes nothing`, i);
      const next = command.charCodeAt(i + 1);
      if (isControl(next)) {
        return fail(
          `control character ${codePointName(command, i + 1)} at position ${pos + 1} is not allowed`,
          i + 1,
          true,
        );
      }
      if (command[i + 1] === '$' || command[i + 1] === '`') {
        return fail(
          `character "${command[i + 1]}" at position ${pos + 1} is not allowed: no variable or command substitution`,
          i + 1,
          true,
        );
      }
      word += command[++i];
      inWord = true;
      continue;
    }
    if (ch === '|') {
      if (command[i + 1] === '|') {
        return fail(
          `"||" at position ${pos} is not allowed: no command lists (quote it if it is literal)`,
          i,
          true,
        );
      }
      if (!endWord()) return tooMany();
      pipes.push(argv.length);
      argv.push('|');
      if (argv.length > MAX_ARGV) return tooMany();
      continue;
    }
    if (OPERATORS.has(ch)) {
      return fail(
        `character "${ch}" at position ${pos} is not allowed: no redirects, command lists or subshells (quote it if it is literal)`,
        i,
        true,
      );
    }
    if (GLOBS.has(ch)) {
      return fail(
        `character "${ch}" at position ${pos} is not allowed unquoted: no globbing or brace expansion (quote it if it is literal)`,
        i,
      );
    }
    if (!inWord && (ch === '~' || ch === '#')) {
      const what = ch === '~' ? 'no home-directory expansion' : 'no comments';
      return fail(
        `character "${ch}" at position ${pos} is not allowed at the start of a word: ${what} (quote it if it is literal)`,
        i,
      );
    }
    word += ch;
    inWord = true;
  }
  if (state !== 'plain') {
    const kind = state === 'single' ? 'single' : 'double';
    return fail(`unterminated ${kind} quote starting at position ${quoteStart}`, quoteStart - 1);
  }
  if (!endWord()) return tooMany();
  return { ok: true, argv, pipes };
}
