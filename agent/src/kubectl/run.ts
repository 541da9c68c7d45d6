// runKubectl: the agent's kubectl — one dispatcher from a policy-approved argv to the verb that prints it like kubectl v1.35.
import { parseGetArgv } from './argv.js';
import { runDescribe } from './describe/index.js';
import { ArgvError } from './flags.js';
import { runEvents } from './events.js';
import { runExplain } from './explain.js';
import { runGet } from './get.js';
import { runApiResources, runApiVersions, runClusterInfo, runVersion } from './info.js';
import { runLogs } from './logs.js';
import { runRollout } from './rollout.js';
import { runTop } from './top.js';
import type { RedactedKubeGet } from '../output/redact.js';
import type { CommandOutput, KubeGet, RunOptions } from './types.js';

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
 * It takes only a redacting KubeGet (output/redact.ts): no verb can read an unredacted answer.
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
