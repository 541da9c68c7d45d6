// @porthole/redact: the one credential scrubber, for what leaves a cluster and what the API echoes.
export { REDACTED, REDACTED_BASE64, RedactionTally, type RedactionKind } from './tally.js';
export { normalize } from './normalize.js';
export { isCredentialName, isInertValue } from './names.js';
export { scrubText } from './text.js';
export { maskRandomTokens, scrubCredentials } from './echo.js';
export { redactObject, type RedactContext, type Redacted } from './object.js';
export {
  JsonNumber,
  needsLossless,
  parseLossless,
  scanNumbers,
  stringifyLossless,
} from './json.js';
