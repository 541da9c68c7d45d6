// A command's pipe stages: split at the separators, each stage decided by the stage grammar, refusals classified and given a way out.
import { hasHidingCharacter } from './classify.js';
import { codePointName, invalid, withFix } from './decision.js';
import type { Denial, Fix } from './decision.js';
import { PIPE_LIMITS, PIPE_TOOLS, canonicalStage, parseStage } from './pipes.js';
import type { PipeStage } from './pipes.js';
import { isControl } from './tokenize.js';

/** The kubectl command and the words of each stage after it. */
export interface Split {
  command: string[];
  stages: string[][];
}

/**
 * Splits argv at its separators: `at` lists their indices (a tokenized string marks only the
 * unquoted `|`s), or is null for argv input, where every `|` element is one.
 */
export function splitPipes(argv: string[], at: readonly number[] | null): Split | Denial {
  if (at === null ? !argv.includes('|') : at.length === 0) return { command: argv, stages: [] };
  const cuts = at ?? argv.flatMap((w, i) => (w === '|' ? [i] : []));
  const first = cuts[0] ?? 0;
  if (first === 0) return invalid('syntax', 'a pipe needs a kubectl command before its first "|"');
  if (cuts.length > PIPE_LIMITS.stages) {
    return withFix(
      invalid(
        'syntax',
        `a command may end in at most ${PIPE_LIMITS.stages} pipe stages (found ${cuts.length})`,
      ),
      { type: 'text', text: 'combine grep patterns with -e, or drop a stage' },
    );
  }
  const stages: string[][] = [];
  for (const [n, cut] of cuts.entries()) {
    const stage = argv.slice(cut + 1, cuts[n + 1] ?? argv.length);
    if (stage.length === 0) {
      return withFix(
        invalid(
          'syntax',
          n === cuts.length - 1
            ? 'nothing follows the last "|"'
            : `"|" follows "|" with no stage between them`,
        ),
        { type: 'text', text: ONLY_STAGES },
      );
    }
    stages.push(stage);
  }
  return { command: argv.slice(0, first), stages };
}

const SHOWN = PIPE_TOOLS.map((s) => (s === 'wc' ? 'wc -l' : s));
/** Where a pipe may go, as suggestions say it. */
export const ONLY_STAGES = `a pipe may only go to ${SHOWN.slice(0, -1).join(', ')} or ${SHOWN.at(-1) ?? ''}`;

// A pipe into a text filter that is not a stage is a slip; into anything else (a shell, xargs,
// tee, curl, kubectl) it is an attempt to run something.
const TEXT_FILTERS = new Set(
  'grep egrep fgrep head tail wc jq yq sort uniq awk cut column less more cat sed tr nl'.split(' '),
);

// What kubectl itself does instead of the usual pipe targets.
const PIPE_HINTS: Record<string, string> = {
  jq: 'use -o jsonpath=… or -o json instead of jq',
  yq: 'use -o jsonpath=… or -o yaml instead of yq',
  sort: 'use --sort-by=FIELD instead of sort',
  awk: 'use -o custom-columns=… or -o jsonpath=… instead of awk',
  cut: 'use -o custom-columns=… instead of cut',
  column: 'use -o custom-columns=… instead of column',
  egrep: 'use grep -E',
  fgrep: 'use grep -F',
  less: 'drop the pager',
  more: 'drop the pager',
  cat: 'drop the cat',
};

/** The command a stage runs, without a directory (`/bin/sh` is `sh`). */
function toolOf(stage: readonly string[]): string {
  const word = stage[0] ?? '';
  return word.slice(word.lastIndexOf('/') + 1);
}

/** Whether refusing a stage's command is refusing an attempt to run something (not a text filter). */
export function runsSomething(stage: readonly string[]): boolean {
  const tool = toolOf(stage);
  return !(PIPE_TOOLS as readonly string[]).includes(tool) && !TEXT_FILTERS.has(tool);
}

/** The way out of an unsupported flag, when there is one. */
function flagFix(stage: readonly string[]): Fix | undefined {
  const tool = toolOf(stage);
  const flags = stage.slice(1);
  if (tool === 'tail' && flags.some((f) => /^-[a-zA-Z]*[fF]|^--follow/.test(f))) {
    return { type: 'text', text: 'Porthole returns one snapshot: use tail -n N' };
  }
  if ((tool === 'head' || tool === 'tail') && flags.some((f) => /^-c|^--bytes/.test(f))) {
    return { type: 'text', text: `count lines instead: ${tool} -n N` };
  }
  if (tool === 'wc') return { type: 'text', text: 'count lines: wc -l' };
  return undefined;
}

/**
 * A stage word's characters: control characters and characters that only hide text are refused;
 * other non-ASCII text is a pattern's business (`grep 'Ошибка'`).
 */
function stageCharacters(stage: readonly string[]): Denial | null {
  for (const word of stage) {
    for (let i = 0; i < word.length; i++) {
      if (isControl(word.charCodeAt(i))) {
        return invalid(
          'syntax',
          `a pipe stage contains control character ${codePointName(word, i)}`,
          true,
        );
      }
    }
    if (hasHidingCharacter(word)) {
      return invalid(
        'syntax',
        'a pipe stage contains an invisible or direction-changing character',
        true,
      );
    }
  }
  return null;
}

/** The stages decided, and their canonical words (each after a `|`). */
export interface DecidedStages {
  pipes: PipeStage[];
  words: string[];
}

/** Decides every stage with the grammar; the first refusal, classified, with its fix. */
export function decideStages(stages: readonly string[][]): DecidedStages | Denial {
  const pipes: PipeStage[] = [];
  const words: string[] = [];
  for (const stage of stages) {
    const chars = stageCharacters(stage);
    if (chars) return chars;
    const parsed = parseStage(stage);
    if (!('error' in parsed)) {
      pipes.push(parsed);
      words.push('|', ...canonicalStage(parsed));
      continue;
    }
    // A string is kubectl syntax and no shell (CONTRACT §3): anything in a pipe but the stages'
    // own grammar is malformed input, `invalid_request`, whatever the rule.
    switch (parsed.kind) {
      case 'tool': {
        const hint = PIPE_HINTS[toolOf(stage)];
        const fix: Fix = { type: 'text', text: hint ? `${hint}; ${ONLY_STAGES}` : ONLY_STAGES };
        return withFix(invalid('syntax', parsed.error, runsSomething(stage)), fix);
      }
      case 'file':
        // Reading the agent's files is reaching past the command, like kubectl's -f.
        return withFix(invalid('flag', parsed.error, true), {
          type: 'text',
          text: `a stage reads only what the command prints: ${toolOf(stage)} takes no file`,
        });
      case 'flag': {
        const fix = flagFix(stage);
        const d = invalid('flag', parsed.error);
        return fix ? withFix(d, fix) : d;
      }
      case 'invalid':
        return invalid('syntax', parsed.error);
    }
  }
  return { pipes, words };
}
