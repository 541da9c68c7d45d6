// runKubectl: the agent's kubectl — one dispatcher from a policy-approved argv to the verb that prints it like kubectl v1.35.
import { parseGetArgv } from './argv/get.js';
import { runDescribe } from './cmd/describe.js';
import { ArgvError } from './argv/flags.js';
import { runEvents } from './cmd/events.js';
import { runExplain } from './cmd/explain.js';
import { runGet } from './cmd/get.js';
import { runApiResources } from './cmd/api-resources.js';
import { runApiVersions } from './cmd/api-versions.js';
import { runClusterInfo } from './cmd/cluster-info.js';
import { runVersion } from './cmd/version.js';
import { runLogs } from './cmd/logs.js';
import { runRollout } from './cmd/rollout.js';
import { runTop } from './cmd/top.js';
import type { RedactedKubeGet } from './resource/redacting.js';
import type { CommandOutput, RunOptions } from './types.js';
import type { KubeGet } from './resource/client.js';

type Verb = (argv: string[], kube: KubeGet, opts: RunOptions) => Promise<CommandOutput>;

const VERBS: Record<string, Verb> = {
  get: (argv, kube, opts) => runGet(parseGetArgv(argv), kube, opts),
  describe: runDescribe,
  logs: runLogs,
  events: runEvents,
  top: runTop,
  'api-resources': runApiResources,
  'api-versions': runApiVersions,
  version: runVersion,
  'cluster-info': runClusterInfo,
  rollout: runRollout,
  explain: runExplain,
};

/**
 * Runs one canonical argv (argv[0] is the verb; `rollout` takes its subcommand as argv[1]).
 * It takes only a redacting KubeGet (resource/redacting.ts): no verb can read an unredacted answer.
 * Throws ArgvError (or get's GetArgvError) when the argv is outside what the verb accepts:
 * the policy approved it, so a mismatch means the two readings differ and nothing runs.
 */
export async function runKubectl(
  argv: string[],
  kube: RedactedKubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  const verb = argv[0];
  const run = verb !== undefined && Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (run === undefined) throw new ArgvError(`unsupported verb ${JSON.stringify(verb ?? '')}`);
  // kubectl prints each distinct server warning (code 299) once, on stderr, as it arrives.
  const warnings: string[] = [];
  const watched: KubeGet = async (path, accept) => {
    const res = await kube(path, accept);
    for (const w of parseWarningHeaders(res.warnings ?? []))
      if (!warnings.includes(w)) warnings.push(w);
    return res;
  };
  const out = await run(argv, watched, opts);
  if (warnings.length === 0) return out;
  return { ...out, stderr: warnings.map((w) => `Warning: ${w}\n`).join('') + out.stderr };
}

/** client-go's ParseWarningHeaders, keeping the texts of code-299 warnings. */
export function parseWarningHeaders(values: readonly string[]): string[] {
  const texts: string[] = [];
  for (const header of values) {
    let rest = header.trim();
    while (rest !== '') {
      const m = /^(\d{3}) (\S+) "((?:[^"\\]|\\.)*)"(?: "[^"]*")?\s*(?:,\s*|$)/.exec(rest);
      if (!m) break;
      const text = (m[3] as string).replace(/\\(.)/g, '$1');
      if (m[1] === '299' && text !== '') texts.push(text);
      rest = rest.slice(m[0].length);
    }
  }
  return texts;
}
