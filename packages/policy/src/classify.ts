// Which denials are attempts at forbidden things (counted as unauthorized) and which are honest mistakes.
import { isUnauthorizedFlag, normalizeLong } from './flags.js';

// kubectl commands that are no attempt at anything forbidden: help text, shell completion, the
// old name of `events`, and `wait` (a watch, refused like -w).
const HARMLESS_VERBS = new Set(['help', 'completion', 'options', 'alpha', 'wait']);

// First words that run something else or as someone else: never a slip of the keyboard.
const ESCALATION = new Set(
  'sudo su doas sh bash zsh dash ksh env eval exec xargs nohup curl wget'.split(' '),
);

/** Whether refusing this kubectl command (not one the policy knows) is an attempt at a forbidden thing. */
export function isUnauthorizedVerb(word: string, kubectlVerb: boolean): boolean {
  if (kubectlVerb) return !HARMLESS_VERBS.has(word);
  return ESCALATION.has(word);
}

/** First words that stand for kubectl itself (`kubectl kubectl`, `/usr/bin/kubectl`, `oc`, `k`). */
export function isKubectlWrapper(word: string): boolean {
  const base = word.slice(word.lastIndexOf('/') + 1).toLowerCase();
  return /^(kubectl|oc|k)(\.exe)?$/.test(base) || base === 'sudo';
}

/** Drops every leading word that stands for kubectl (`kubectl kubectl`, `sudo kubectl`, `oc`). */
export function withoutWrappers(argv: readonly string[]): string[] {
  let i = 0;
  while (i < argv.length && isKubectlWrapper(argv[i] ?? '')) i++;
  return argv.slice(i);
}

// A forbidden flag written inside another argument: `-n --server=x`, `pod/--token=x`, `-l a,--as=b`.
// Two letters at least: `--f` is no spelling of `-f`.
const EMBEDDED_FLAG = /(?:^|[=,/:])--([A-Za-z][A-Za-z0-9_-]+)/g;

/**
 * Whether any argument carries a credential, server, identity, file or verbosity flag, wherever
 * it hides: a denial for any reason is then an attempt, not a slip.
 */
export function smugglesForbiddenFlag(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (!arg.includes('--')) continue;
    for (const m of arg.matchAll(EMBEDDED_FLAG)) {
      if (isUnauthorizedFlag(normalizeLong(m[1] ?? ''))) return true;
    }
  }
  return false;
}

// Characters that only hide things: format characters (zero-width, bidi, soft hyphen, BOM), line
// separators, lone surrogates. No keyboard or copy of a real command puts them there.
const HIDING = /[\p{Cf}\u2028\u2029\uD800-\uDFFF]/u;

/** Whether text contains a character whose only use is to hide what a command says. */
export function hasHidingCharacter(text: string): boolean {
  return HIDING.test(text);
}

// Letters from other scripts that look like ASCII (the ones a bypass would use).
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  з: '3',
  і: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

/**
 * Text as a person meant it when a keyboard, a word processor or a homoglyph changed it:
 * compatibility forms (fullwidth letters, no-break spaces) made plain, dashes made `-` (an em
 * dash is what `--` becomes in a word processor), lookalike letters made ASCII, invisible
 * characters dropped. Used to classify and suggest, never to allow.
 */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2014\u2015]/g, '--')
    .replace(/[\u2010-\u2013\u2212\uFE58]/g, '-')
    .replace(CONFUSABLE, (ch) => CONFUSABLES[ch] ?? ch)
    .replace(/\p{Cf}/gu, '');
}
