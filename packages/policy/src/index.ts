// Public surface of @porthole/policy: the read-only kubectl policy as a pure function.
export type { Decision, DenyKind, DenyRule } from './decision.js';
export type { TokenizeResult } from './tokenize.js';
export { tokenize } from './tokenize.js';
export { evaluate, ALLOWED_VERBS } from './evaluate.js';
