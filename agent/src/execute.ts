// Running one command: re-check policy, run the verb, redact, apply the pipe stages, then cap what leaves the agent.
import { setMaxListeners } from 'node:events';
import type {
  AgentCommand,
  AgentResultPost,
  ApiResourceInfo,
  EnvelopeClaims,
} from '@porthole/protocol';
import type { Logger } from '@porthole/runtime';
import type { EnvelopeVerifier } from './envelope.js';
import { evaluate, type KubectlRequest, type PipeStage, type Policy } from '@porthole/policy';
import {
  applyStages,
  canonicalStage,
  parseStage,
  PipeStageError,
  type PipeResult,
} from '@porthole/pipes';
import {
  RedactionTally,
  redactingKube,
  runKubectl,
  type CommandOutput,
  type DiscoveryCache,
  type RedactedKubeGet,
} from '@porthole/kubectl';
import type { BoundedKubeGet } from './kube/transport.js';
import { capError, capOutput } from './output/cap.js';
import { scrubText } from '@porthole/redact';
import { scopeRefusal } from './scope.js';
import { namespaceGuard } from './kube/namespace-guard.js';

export interface ExecuteDeps {
  verifier: EnvelopeVerifier;
  logger: Logger;
  /** Each GET is bounded by the command's deadline (the signal); the transport's own limits too. */
  kube: BoundedKubeGet;
  defaultNamespace: string;
  now: () => number;
  /** Shared between commands so each one does not rediscover the API (kubectl caches it too). */
  discovery?: DiscoveryCache;
  /** The API server URL as the kubeconfig names it (cluster-info prints it). */
  serverUrl?: string;
  /** The agent's own read-only policy (PORTHOLE_POLICY_FILE, else the default). */
  policy?: Policy;
  /** The cluster's resources, for resolving names as kubectl would (CRDs included). */
  resources?: () => readonly ApiResourceInfo[] | null;
}

/** GETs one command may have waiting at once (discovery asks every API group in parallel). */
const MAX_PARALLEL_GETS = 1000;

const NARROW_HINT = 'narrow the query with -n, -l, --field-selector or a resource name';

/**
 * Runs one envelope and returns the result to post, or null when its signed deadline has
 * passed (not run, nothing to post). Everything acted on or reported comes from the verified
 * claims: the unsigned copies beside the signature (argv, deadline, cluster, principal, output
 * cap) are never read.
 */
export async function execute(
  deps: ExecuteDeps,
  command: AgentCommand,
  /** Told the verified claims before the command runs (the agent keeps its deadline). */
  onVerified?: (claims: EnvelopeClaims) => void,
): Promise<AgentResultPost | null> {
  const started = deps.now();
  const verified = deps.verifier.verify(command);
  if (!verified.ok && verified.reason === 'expired') {
    deps.logger.warn(
      { event: 'envelope_expired', commandId: command.id },
      'command arrived past its deadline; not run',
    );
    return null;
  }
  if (!verified.ok) {
    deps.logger.error(
      { event: 'envelope_refused', commandId: command.id, reason: verified.reason },
      'refused a command envelope',
    );
    return refusal(
      ['?'],
      `the agent refused the command envelope (${verified.reason})`,
      deps.now() - started,
    );
  }
  const { claims } = verified;
  onVerified?.(claims);
  // The agent trusts neither Redis nor the API: the policy is applied again here.
  const resources = deps.resources?.() ?? null;
  const decision = evaluate(claims.argv, {
    ...(deps.policy ? { policy: deps.policy } : {}),
    ...(resources ? { discovery: resources } : {}),
  });
  if (!decision.allowed) {
    // The signed argv, never the unsigned copy beside the signature: this reaches the audit.
    return refusal(
      claims.argv,
      `refused by the agent's policy: ${decision.message}`,
      deps.now() - started,
    );
  }
  const outside = scopeRefusal(claims, decision);
  if (outside) {
    deps.logger.warn({ event: 'scope_refused', commandId: command.id }, outside);
    return refusal(decision.argv, outside, deps.now() - started);
  }
  // The engine compiles each grep pattern; one it cannot run fails the command before the
  // cluster is read (the policy checks a pattern's length, not its syntax).
  const unrunnable = unrunnableStage(decision.pipes);
  if (unrunnable !== null) {
    return pipeFailure(decision.argv, unrunnable, deps.now() - started);
  }
  // Every byte the Kubernetes API returns is redacted before a renderer sees it.
  const tally = new RedactionTally();
  // The command's budget is its signed deadline: whatever the apiserver does, every request of
  // this command ends then, and the slot is free again.
  const budget = new AbortController();
  // Every GET of the command listens to it, discovery's dozens of parallel ones included: not a
  // leak, so no MaxListenersExceededWarning (a plain-text line among the JSON logs).
  setMaxListeners(MAX_PARALLEL_GETS, budget.signal);
  const timer = setTimeout(
    () => budget.abort(new Error('the Kubernetes API did not answer before the command deadline')),
    Math.max(0, claims.exp * 1000 - deps.now()),
  );
  const bounded: BoundedKubeGet = (path, accept) => deps.kube(path, accept, budget.signal);
  const kube = redactingKube(namespaceGuard(bounded, claims.namespaces), tally);
  let out: CommandOutput;
  try {
    // The renderer runs the request the policy parsed from the signed argv; it never reads argv.
    out = await run(deps, kube, decision.request);
  } catch (err) {
    out = {
      stdout: '',
      stderr: `error: ${err instanceof Error ? err.message : String(err)}\n`,
      exitCode: 1,
    };
  } finally {
    clearTimeout(timer);
  }
  return toResult(decision, out, claims.max_output_bytes, deps.now() - started, tally);
}

/** The engine's refusal of a stage's patterns (GNU's words, `grep: …`), or null when all can run. */
function unrunnableStage(stages: readonly PipeStage[]): string | null {
  for (const stage of stages) {
    const parsed = parseStage(canonicalStage(stage));
    if ('error' in parsed) return parsed.error;
  }
  return null;
}

/** The stages' result, or the engine's refusal (unrunnableStage checked them before the command ran). */
function runStages(stdout: string, pipes: readonly PipeStage[]): PipeResult | string {
  try {
    return applyStages(stdout, pipes);
  } catch (err) {
    if (err instanceof PipeStageError) return err.message;
    throw err;
  }
}

/** GNU grep's answer to a pattern it cannot compile: nothing on stdout, exit status 2. */
function pipeFailure(argv: string[], message: string, durationMs: number): AgentResultPost {
  return {
    status: 'failed',
    exitCode: 2,
    output: '',
    error: capError(scrubText(message, new RedactionTally())),
    truncated: false,
    outputBytes: 0,
    redactions: 0,
    durationMs,
    command: argv,
  };
}

function run(
  deps: ExecuteDeps,
  kube: RedactedKubeGet,
  request: KubectlRequest,
): Promise<CommandOutput> {
  return runKubectl(request, kube, {
    defaultNamespace: deps.defaultNamespace,
    now: deps.now,
    ...(deps.discovery ? { discoveryCache: deps.discovery } : {}),
    ...(deps.serverUrl ? { serverUrl: deps.serverUrl } : {}),
  });
}

/**
 * kubectl prints data on stdout and notices ("No resources found …") on stderr. A successful
 * result carries both as the terminal would show them; a failure keeps stderr as `error`.
 *
 * Pipe stages read stdout only, as in a shell: they run on the redacted, scrubbed stdout, before
 * the output cap (a cap first would make `wc -l` count a cut). stderr is not piped and follows
 * the stages' output, with their own notes (grep's "binary file matches"). The exit code is the
 * pipeline's as a shell reports it when kubectl succeeded: the last stage's, so 1 when the last
 * stage is a grep that selected no line (the status stays `succeeded`: the command ran, it found
 * nothing). When kubectl failed, the result is kubectl's failure (status `failed`, kubectl's exit
 * code and error, as `set -o pipefail` would report it), its stdout still piped.
 */
function toResult(
  decision: { argv: string[]; pipes: PipeStage[] },
  out: CommandOutput,
  maxBytes: number,
  durationMs: number,
  tally: RedactionTally,
): AgentResultPost {
  const { argv, pipes } = decision;
  const failed = out.exitCode !== 0;
  // The rendered text passes the scrubber once more: a verb that joins several fields into one
  // line (describe, rollout history) cannot rebuild what the object-level pass took apart.
  // It is cut text (a --tail may begin inside a certificate), so base64 runs without their
  // BEGIN line are not judged again: the whole window was, before the cut.
  const rendered = { orphanBodies: false };
  let text: string;
  let exitCode = out.exitCode;
  if (pipes.length === 0) {
    text = scrubText(failed ? out.stdout : out.stdout + out.stderr, tally, rendered);
  } else {
    const piped = runStages(scrubText(out.stdout, tally, rendered), pipes);
    if (typeof piped === 'string') return pipeFailure(argv, piped, durationMs);
    const notes = piped.warnings.map((w) => `${w}\n`).join('');
    text = failed ? piped.text : piped.text + scrubText(out.stderr + notes, tally, rendered);
    if (!failed) exitCode = piped.exitStatus;
  }
  const capped = capOutput(text, maxBytes, NARROW_HINT);
  return {
    status: failed ? 'failed' : 'succeeded',
    exitCode,
    output: capped.text,
    // Scrubbed whole, then cut: a cut first could leave part of a credential no rule knows.
    error: failed
      ? capError(scrubText(out.stderr, tally, rendered).trimEnd() || `exit code ${out.exitCode}`)
      : null,
    truncated: capped.truncated,
    outputBytes: capped.bytes,
    redactions: tally.total,
    redactionKinds: tally.byKind,
    durationMs,
    command: argv,
  };
}

function refusal(argv: string[], message: string, durationMs: number): AgentResultPost {
  return {
    status: 'failed',
    exitCode: 1,
    output: '',
    error: scrubText(message, new RedactionTally()),
    truncated: false,
    outputBytes: 0,
    redactions: 0,
    durationMs,
    command:
      argv.length > 0
        ? argv.map((a) => scrubText(a, new RedactionTally()).slice(0, 256)).slice(0, 64)
        : ['?'],
  };
}
