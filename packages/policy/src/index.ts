// Public surface of @porthole/policy: the read-only kubectl policy as a pure function.
export type {
  AllowedDecision,
  Decision,
  DeniedDecision,
  DenyKind,
  DenyRule,
  ResolvedResource,
  Target,
} from './decision.js';
export type {
  ApiResourcesRequest,
  ApiVersionsRequest,
  ClusterInfoRequest,
  DescribeRequest,
  EventsRequest,
  ExplainRequest,
  GetProjection,
  GetRequest,
  KubectlRequest,
  LogsRequest,
  ObjectRef,
  ResourceArg,
  ResourceForm,
  RolloutRequest,
  TopNodeRequest,
  TopPodRequest,
  VersionRequest,
} from './request.js';
export type { TokenizeResult } from './tokenize.js';
export type {
  GrepStage,
  HeadStage,
  PipeStage,
  PipeTool,
  StageErrorKind,
  StageOptions,
  StageParse,
  TailStage,
  WcStage,
} from './pipes.js';
export type { ApiResource } from './resources/table.js';
export type { EvaluateOptions } from './evaluate.js';
export type { PolicySummary } from './summary.js';
export { tokenize } from './tokenize.js';
export { evaluate, ALLOWED_VERBS } from './evaluate.js';
export { PIPE_STAGES, policySummary } from './summary.js';
export { PIPE_LIMITS, PIPE_TOOLS, canonicalStage, parseStage } from './pipes.js';
export { BUILTIN_GROUPS, BUILTIN_RESOURCES } from './resources/builtin.js';
export { discoveryConflict } from './resources/conflicts.js';
export { namespaceScopeViolation } from './scope.js';
export { DEFAULT_TAIL } from './verbs/logs.js';
export { isProjection as isGetProjection } from './verbs/get.js';
export {
  DEFAULT_POLICY,
  POLICY_VERBS,
  Policy,
  PolicyError,
  createPolicy,
  parsePolicy,
} from './policy.js';
