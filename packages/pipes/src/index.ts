// Pipe stages after a kubectl command: the grammar the policy checks and the engine the agent runs.
export { applyStages, PipeStageError, type PipeResult } from './apply.js';
export {
  canonicalStage,
  parseStage,
  PIPE_LIMITS,
  type GrepStage,
  type HeadStage,
  type PipeStage,
  type PipeTool,
  type StageParse,
  type TailStage,
  type WcStage,
} from './stages.js';
