// Applies parsed pipe stages to a command's already-redacted output, as `cmd | grep … | head …` would.
import { runGrep } from './grep.js';
import { runHead, runTail, runWc } from './lines.js';
import type { StageOutput } from './lines.js';
import type { PipeStage } from './stages.js';
import { canonicalStage, parseStage, PIPE_LIMITS } from './stages.js';

export class PipeStageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipeStageError';
  }
}

export interface PipeResult {
  /** The last stage's stdout. */
  text: string;
  /**
   * False when a grep stage selected no line (GNU grep exits 1 there), as `set -o pipefail`
   * would report it; the caller decides what exit code to show.
   */
  selected: boolean;
  /** Each stage's exit status, like bash's PIPESTATUS. */
  statuses: (0 | 1)[];
  /** The last stage's exit status: what `sh -c 'cmd | …'` would return. */
  exitStatus: 0 | 1;
  /** GNU's stderr notes (binary input, stray backslashes); they never change `text`. */
  warnings: string[];
}

function runStage(text: string, stage: PipeStage): StageOutput {
  switch (stage.tool) {
    case 'grep':
      return runGrep(text, stage);
    case 'head':
      return runHead(text, stage);
    case 'tail':
      return runTail(text, stage);
    case 'wc':
      return runWc(text);
  }
}

/**
 * Runs `stages` in order over `text`, each reading what the previous one wrote. Linear in the text
 * size times the number of stages. Throws PipeStageError for a stage parseStage would refuse.
 */
export function applyStages(text: string, stages: readonly PipeStage[]): PipeResult {
  if (stages.length > PIPE_LIMITS.stages) {
    throw new PipeStageError(`at most ${PIPE_LIMITS.stages} pipe stages`);
  }
  // Re-read each stage through the grammar so a hand-built stage gets the same checks.
  const checked = stages.map((s) => {
    const parsed = parseStage(canonicalStage(s));
    if ('error' in parsed) throw new PipeStageError(parsed.error);
    return parsed;
  });
  const statuses: (0 | 1)[] = [];
  const warnings: string[] = [];
  let current = text;
  for (const stage of checked) {
    const out = runStage(current, stage);
    current = out.text;
    statuses.push(out.status);
    warnings.push(...out.warnings.map((w) => `${stage.tool}: ${w}`));
  }
  return {
    text: current,
    selected: statuses.every((s) => s === 0),
    statuses,
    exitStatus: statuses.at(-1) ?? 0,
    warnings,
  };
}
