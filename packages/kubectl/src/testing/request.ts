// A command as the agent runs it: evaluated by the policy, whose typed request is what the renderer takes.
import { evaluate } from '@porthole/policy';
import type { EvaluateOptions, KubectlRequest } from '@porthole/policy';

/** The request of an allowed command; throws (failing the test) when the policy refuses it. */
export function requestFor(
  command: string | readonly string[],
  options?: EvaluateOptions,
): KubectlRequest {
  const decision = evaluate(command, options);
  if (!decision.allowed)
    throw new Error(`the policy refuses ${JSON.stringify(command)}: ${decision.message}`);
  return decision.request;
}

/** requestFor, for a command of a known verb. */
export function requestOf<V extends KubectlRequest['verb']>(
  verb: V,
  command: string | readonly string[],
  options?: EvaluateOptions,
): Extract<KubectlRequest, { verb: V }> {
  const request = requestFor(command, options);
  if (request.verb !== verb) throw new Error(`${JSON.stringify(command)} is not a ${verb} command`);
  return request as Extract<KubectlRequest, { verb: V }>;
}
