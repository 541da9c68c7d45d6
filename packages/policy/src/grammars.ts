// The verb grammars and their flag tables in one place: evaluate dispatches on it, the policy summary and suggestions read it.
import type { Context } from './context.js';
import type { Denial } from './decision.js';
import type { FlagSet } from './flags.js';
import {
  API_RESOURCES_OUTPUTS,
  FLAGS as API_RESOURCES_FLAGS,
  evaluateApiResources,
} from './verbs/api-resources.js';
import { FLAGS as API_VERSIONS_FLAGS, evaluateApiVersions } from './verbs/api-versions.js';
import { FLAGS as CLUSTER_INFO_FLAGS, evaluateClusterInfo } from './verbs/cluster-info.js';
import type { VerbResult } from './verbs/common.js';
import { outputNames } from './verbs/common.js';
import { FLAGS as DESCRIBE_FLAGS, evaluateDescribe } from './verbs/describe.js';
import { EVENTS_OUTPUTS, FLAGS as EVENTS_FLAGS, evaluateEvents } from './verbs/events.js';
import { FLAGS as EXPLAIN_FLAGS, evaluateExplain } from './verbs/explain.js';
import { FLAGS as GET_FLAGS, GET_OUTPUT_NAMES, evaluateGet } from './verbs/get.js';
import { FLAGS as LOGS_FLAGS, evaluateLogs } from './verbs/logs.js';
import { HISTORY, STATUS, evaluateRollout } from './verbs/rollout.js';
import { NODE_FLAGS, POD_FLAGS, SUBCOMMANDS, evaluateTop } from './verbs/top.js';
import { FLAGS as VERSION_FLAGS, VERSION_OUTPUTS, evaluateVersion } from './verbs/version.js';

export type Grammar = (ctx: Context, args: readonly string[]) => VerbResult | Denial;

export const GRAMMARS: Record<string, Grammar> = {
  get: evaluateGet,
  describe: evaluateDescribe,
  logs: evaluateLogs,
  events: evaluateEvents,
  top: evaluateTop,
  explain: evaluateExplain,
  'api-resources': (_ctx, args) => evaluateApiResources(args),
  'api-versions': (_ctx, args) => evaluateApiVersions(args),
  version: (_ctx, args) => evaluateVersion(args),
  'cluster-info': evaluateClusterInfo,
  rollout: evaluateRollout,
};

/** Verbs whose first argument is a subcommand with its own flags. */
export const SUBCOMMAND_VERBS: ReadonlySet<string> = new Set(['top', 'rollout']);

/** One flag table and the `-o` formats that go with it. */
export interface VerbFlags {
  flags: FlagSet;
  outputs: readonly string[];
  /** The policy verb that enables it (`top` for both `top pod` and `top node`). */
  policyVerb: string;
}

const entry = (flags: FlagSet, outputs: readonly string[] = [], policyVerb = flags.verb) => ({
  flags,
  outputs,
  policyVerb,
});

/** Every flag table by its grammar's name: the verb, or `top pod`, `rollout status`. */
export const VERB_FLAGS: ReadonlyMap<string, VerbFlags> = new Map(
  [
    entry(GET_FLAGS, GET_OUTPUT_NAMES),
    entry(DESCRIBE_FLAGS),
    entry(LOGS_FLAGS),
    entry(EVENTS_FLAGS, outputNames(EVENTS_OUTPUTS)),
    entry(POD_FLAGS, [], 'top'),
    entry(NODE_FLAGS, [], 'top'),
    entry(EXPLAIN_FLAGS),
    entry(API_RESOURCES_FLAGS, outputNames(API_RESOURCES_OUTPUTS)),
    entry(API_VERSIONS_FLAGS),
    entry(VERSION_FLAGS, outputNames(VERSION_OUTPUTS)),
    entry(CLUSTER_INFO_FLAGS),
    entry(HISTORY),
    entry(STATUS),
  ].map((e) => [e.flags.verb, e] as const),
);

/** The flag table for a verb and (for top and rollout) the subcommand word as written, if any. */
export function flagSetFor(verb: string, sub: string | undefined): FlagSet | undefined {
  if (verb === 'top') {
    const s = sub === undefined ? undefined : SUBCOMMANDS.get(sub);
    return s === undefined ? undefined : VERB_FLAGS.get(`top ${s}`)?.flags;
  }
  if (verb === 'rollout') {
    return sub === 'history' || sub === 'status'
      ? VERB_FLAGS.get(`rollout ${sub}`)?.flags
      : undefined;
  }
  return VERB_FLAGS.get(verb)?.flags;
}
