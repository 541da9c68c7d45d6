// The one way the API quotes what a client sent (denial messages, validation errors, audit
// fields): credentials scrubbed, random-looking tokens masked, length bounded.
import { scrubCredentials } from '@porthole/redact';

/** Audit `details.reason` and other short fields. */
export const AUDIT_TEXT_CHARS = 200;
/** An error message: long enough for the policy's allowlists, never a pasted blob. */
export const MESSAGE_CHARS = 2000;

/** Client-derived text made safe for an error message or an audit event. */
export function safeText(text: string, maxChars = AUDIT_TEXT_CHARS): string {
  return scrubCredentials(text, maxChars);
}
