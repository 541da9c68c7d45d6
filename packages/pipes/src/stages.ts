// The stage grammar as the engine reads it: the policy's one grammar (@porthole/policy), bound to the engine's own check of grep patterns.
//
// The grammar (PipeStage, parseStage, canonicalStage, PIPE_LIMITS) lives in the policy, which
// decides the signed argv with it. A pattern's syntax is judged here, where it is compiled: the
// policy cannot import this package's compiler (it would depend on its own dependant), and does
// not compile patterns on every decision. So the engine's parseStage is the grammar plus
// `checkPatterns`, and a stage the policy allowed may still be refused here, as GNU grep refuses
// a pattern it cannot compile.
import type { GrepStage, StageParse } from '@porthole/policy';
import { parseStage as parseWithGrammar } from '@porthole/policy';
import { PatternError } from './gnu-regex.js';
import { createLineTest, parsePatterns } from './matcher.js';

export { canonicalStage, PIPE_LIMITS } from '@porthole/policy';
export type {
  GrepStage,
  HeadStage,
  PipeStage,
  PipeTool,
  StageParse,
  TailStage,
  WcStage,
} from '@porthole/policy';

/** Whether the engine can run a grep stage's patterns: GNU's message (or ours for a limit), or null. */
export function checkPatterns(stage: GrepStage): string | null {
  try {
    createLineTest(parsePatterns(stage.patterns, stage), stage, '');
    return null;
  } catch (err) {
    if (err instanceof PatternError) return err.message;
    throw err;
  }
}

/** Reads one stage's words with the policy's grammar, its patterns compiled as the engine will run them. */
export function parseStage(words: readonly string[]): StageParse {
  return parseWithGrammar(words, { checkPatterns });
}
