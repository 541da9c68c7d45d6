// What the policy allows, listed from the grammars' own flag tables (CONTRACT §3b GET /v1/policy, MCP describe_access).
import { GRAMMARS, VERB_FLAGS } from './grammars.js';
import { PIPE_TOOLS } from './pipes.js';
import { DEFAULT_POLICY } from './policy.js';
import type { Policy } from './policy.js';

/** The commands a pipe stage may run (CONTRACT §3a), as the stage grammar defines them. */
export const PIPE_STAGES: readonly string[] = PIPE_TOOLS;

export interface PolicySummary {
  /** By grammar: a verb, or `top pod`, `top node`, `rollout history`, `rollout status`. */
  verbs: Record<string, { flags: string[]; outputs: string[] }>;
  pipeStages: string[];
  /** `secrets` unless the policy allows them, then the policy's own denials. */
  deniedResources: string[];
}

/**
 * The verbs the policy enables with the flags each accepts (`-n/--namespace`, `--since`; a flag
 * that takes one value only as that value, `--watch=false`) and its `-o` formats.
 */
export function policySummary(policy: Policy = DEFAULT_POLICY): PolicySummary {
  const verbs: PolicySummary['verbs'] = {};
  for (const [name, v] of VERB_FLAGS) {
    if (!Object.hasOwn(GRAMMARS, name.split(' ')[0] ?? '')) continue;
    if (!policy.verbs.some((p) => p === v.policyVerb || p === name)) continue;
    verbs[name] = {
      flags: v.flags.specs.map(
        (s) => s.only ?? (s.short ? `-${s.short}/--${s.long}` : `--${s.long}`),
      ),
      outputs: [...v.outputs],
    };
  }
  return {
    verbs,
    pipeStages: [...PIPE_TOOLS],
    deniedResources: [...(policy.secretsAllowed ? [] : ['secrets']), ...policy.deniedResources],
  };
}
