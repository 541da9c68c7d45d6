// For the parity suites: what the agent sends is kubectl's output less the credentials.
import { LEAKED } from '@porthole/kube-sim';
import { REDACTED, scrubText } from '@porthole/redact';
import { RedactionTally } from '../../resource/redacting.js';
import type { CommandOutput } from '../../types.js';

/**
 * The leaky scenario's credentials as the agent prints them: kubectl shows them, the agent
 * never does. Everything else must match byte for byte.
 */
export function asRedacted(text: string): string {
  let out = text;
  for (const secret of [LEAKED.dbPassword, LEAKED.awsAccessKeyId, LEAKED.awsSecretAccessKey]) {
    out = out
      .split(`value: ${secret}\n`)
      .join(`value: '${REDACTED}'\n`)
      .split(secret)
      .join(REDACTED);
  }
  return out;
}

/** What the agent sends: the rendered text passes the scrubber once more (execute.ts). */
export const asAgent = (out: CommandOutput): CommandOutput => ({
  ...out,
  stdout: scrubText(out.stdout, new RedactionTally(), { orphanBodies: false }),
  stderr: scrubText(out.stderr, new RedactionTally(), { orphanBodies: false }),
});
