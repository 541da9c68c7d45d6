// @porthole/redact: the one credential scrubber, for what leaves a cluster and what the API echoes.
import { RedactionTally } from './tally.js';
import { scrubText } from './text.js';

export { REDACTED, REDACTED_BASE64, RedactionTally, type RedactionKind } from './tally.js';
export { normalize } from './normalize.js';
export { isCredentialName, isInertValue } from './names.js';
export { scrubText } from './text.js';
export { redactObject, type RedactContext, type Redacted } from './object.js';
export { JsonNumber, needsLossless, parseLossless, stringifyLossless } from './json.js';

/**
 * User input made safe to quote (denial messages, audit details): normalised, scrubbed, and cut
 * to `maxChars` so a pasted blob cannot ride along whole.
 */
export function scrubCredentials(text: string, maxChars = 200): string {
  const scrubbed = scrubText(text, new RedactionTally());
  return scrubbed.length > maxChars ? `${scrubbed.slice(0, maxChars)}…` : scrubbed;
}
