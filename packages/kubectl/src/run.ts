// runKubectl: the agent's kubectl — one dispatcher from the policy's typed request to the verb that prints it like kubectl v1.35.
import type { KubectlRequest } from '@porthole/policy';
import { runDescribe } from './cmd/describe.js';
import { runEvents } from './cmd/events.js';
import { runExplain } from './cmd/explain.js';
import { runGet } from './cmd/get.js';
import { runApiResources } from './cmd/api-resources.js';
import { runApiVersions } from './cmd/api-versions.js';
import { runClusterInfo } from './cmd/cluster-info.js';
import { runVersion } from './cmd/version.js';
import { runLogs } from './cmd/logs.js';
import { runRollout } from './cmd/rollout.js';
import { runTopNode, runTopPod } from './cmd/top.js';
import type { RedactedKubeGet } from './resource/redacting.js';
import type { CommandOutput, RunOptions } from './types.js';
import type { KubeGet } from './resource/client.js';

/**
 * Runs one request of an allowed policy decision (`decision.request`): the command was parsed
 * once, by the policy, so nothing here reads argv. It takes only a redacting KubeGet
 * (resource/redacting.ts): no verb can read an unredacted answer.
 */
export async function runKubectl(
  request: KubectlRequest,
  kube: RedactedKubeGet,
  opts: RunOptions,
): Promise<CommandOutput> {
  // kubectl prints each distinct server warning (code 299) once, on stderr, as it arrives.
  const warnings: string[] = [];
  const watched: KubeGet = async (path, accept) => {
    const res = await kube(path, accept);
    for (const w of parseWarningHeaders(res.warnings ?? []))
      if (!warnings.includes(w)) warnings.push(w);
    return res;
  };
  const out = await dispatch(request, watched, opts);
  if (warnings.length === 0) return out;
  return { ...out, stderr: warnings.map((w) => `Warning: ${w}\n`).join('') + out.stderr };
}

function dispatch(req: KubectlRequest, kube: KubeGet, opts: RunOptions): Promise<CommandOutput> {
  switch (req.verb) {
    case 'get':
      return runGet(req, kube, opts);
    case 'describe':
      return runDescribe(req, kube, opts);
    case 'logs':
      return runLogs(req, kube, opts);
    case 'events':
      return runEvents(req, kube, opts);
    case 'top':
      return req.subcommand === 'pod' ? runTopPod(req, kube, opts) : runTopNode(req, kube, opts);
    case 'explain':
      return runExplain(req, kube, opts);
    case 'api-resources':
      return runApiResources(req, kube, opts);
    case 'api-versions':
      return runApiVersions(kube, opts);
    case 'version':
      return runVersion(req, kube);
    case 'cluster-info':
      return runClusterInfo(req, kube, opts);
    case 'rollout':
      return runRollout(req, kube, opts);
    default:
      return notARequest(req);
  }
}

/**
 * The union is closed, so this only runs for an object that is not a policy request at all (a
 * caller outside TypeScript): it is refused before any GET.
 */
function notARequest(_req: never): Promise<CommandOutput> {
  return Promise.reject(new TypeError('runKubectl: not a policy request'));
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
