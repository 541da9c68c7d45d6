// User input made safe to quote back (denial messages, audit details): scrubbed, random-looking
// words masked, and bounded.
import { RedactionTally, REDACTED } from './tally.js';
import { scrubText } from './text.js';

/** Longest input looked at: quoting never needs more, and scrubbing stays cheap. */
const MAX_INPUT = 16 * 1024;

/** A word of token characters; pieces are split at `-_.~=` (and segments also at `/+`). */
const WORD = /[A-Za-z0-9+/=_.~-]{16,}/g;

/**
 * A piece of a word that no person typed: 16+ letters and digits mixed, 20+ letters whose case
 * flips like random text does (camel-cased kind names flip rarely), or 32+ characters of base64
 * with upper case, lower case and digits. Pod-name hashes, UUID groups and words stay.
 */
function randomSegment(s: string): boolean {
  const letters = /[A-Za-z]/.test(s);
  const digits = /[0-9]/.test(s);
  if (s.length >= 16 && letters && digits) return true;
  if (s.length >= 20 && !digits && /^[A-Za-z]+$/.test(s)) {
    let flips = 0;
    for (let i = 1; i < s.length; i++) {
      if (/[A-Z]/.test(s[i]!) !== /[A-Z]/.test(s[i - 1]!)) flips++;
    }
    return flips * 3 >= s.length;
  }
  return false;
}

function randomWord(word: string): boolean {
  for (const piece of word.split(/[-_.~]/)) {
    if (
      piece.length >= 32 &&
      /^[A-Za-z0-9+/]+={0,2}$/.test(piece) &&
      /[A-Z]/.test(piece) &&
      /[a-z]/.test(piece) &&
      /[0-9]/.test(piece)
    )
      return true;
    if (piece.split(/[=/+]/).some(randomSegment)) return true;
  }
  return false;
}

/** Replaces every word that looks like a random token (an unknown credential's shape) whole. */
export function maskRandomTokens(text: string): string {
  return text.replace(WORD, (word) => (randomWord(word) ? REDACTED : word));
}

/**
 * User input made safe to quote (denial messages, audit details): normalised, scrubbed of every
 * known credential shape and of random-looking tokens, and cut to `maxChars` so a pasted blob
 * cannot ride along whole.
 */
export function scrubCredentials(text: string, maxChars = 200): string {
  const input = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text;
  const scrubbed = maskRandomTokens(scrubText(input, new RedactionTally()));
  return scrubbed.length > maxChars ? `${scrubbed.slice(0, maxChars)}…` : scrubbed;
}
