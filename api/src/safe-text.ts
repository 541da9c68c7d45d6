// The one way the API quotes what a client sent (denial messages, validation errors, audit
// fields): credentials scrubbed, random-looking tokens masked, length bounded.
import { REDACTED, scrubCredentials } from '@porthole/redact';

/** Audit `details.reason` and other short fields. */
export const AUDIT_TEXT_CHARS = 200;
/** An error message: long enough for the policy's allowlists, never a pasted blob. */
export const MESSAGE_CHARS = 2000;

/** Pieces of the caller's own credential shorter than this are too common to recognise. */
const PIECE = 8;

/**
 * Client-derived text made safe for an error message or an audit event. `own` is the credential
 * the caller presented: a static key has no shape a scrubber knows, so any run of 8 or more of
 * its characters (a quote may cut it) is removed first.
 */
export function safeText(text: string, maxChars = AUDIT_TEXT_CHARS, own?: string): string {
  return scrubCredentials(own ? withoutPieces(text, own) : text, maxChars);
}

function withoutPieces(text: string, secret: string): string {
  if (secret.length < PIECE) return text;
  const pieces = new Set<string>();
  for (let i = 0; i + PIECE <= secret.length; i++) pieces.add(secret.slice(i, i + PIECE));
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (!pieces.has(text.slice(i, i + PIECE))) {
      out += text[i];
      i++;
      continue;
    }
    // Extend the run while it stays a piece of the secret.
    let end = i + PIECE;
    while (end < text.length && pieces.has(text.slice(end - PIECE + 1, end + 1))) end++;
    out += REDACTED;
    i = end;
  }
  return out;
}
