// The one way the API quotes what a client sent (denial messages, validation errors, audit
// fields): credentials scrubbed, random-looking tokens masked, length bounded.
import { tokenize } from '@porthole/policy';
import { REDACTED, normalize, scrubCredentials } from '@porthole/redact';

/** Audit `details.reason` and other short fields. */
export const AUDIT_TEXT_CHARS = 200;
/** An error message: long enough for the policy's allowlists, never a pasted blob. */
export const MESSAGE_CHARS = 2000;

/** An argv quoted in an audit event: at most this many elements… */
export const AUDIT_ARGV_ELEMENTS = 64;
/** …of at most this many characters each (the last one an ellipsis when cut). */
export const AUDIT_ARGV_CHARS = 256;

/** Pieces of the caller's own credential shorter than this are too common to recognise. */
const PIECE = 8;

/**
 * Client-derived text made safe for an error message or an audit event. `own` is the credential
 * the caller presented: a static key has no shape a scrubber knows, so any run of 8 or more of
 * its characters (a quote may cut it) is removed first.
 */
export function safeText(text: string, maxChars = AUDIT_TEXT_CHARS, own?: string): string {
  const scrubbed = scrubCredentials(own ? withoutPieces(text, own) : text, Number.MAX_SAFE_INTEGER);
  const masked = scrubbed.replace(NAME_RUN, (run) => (randomRun(run) ? REDACTED : run));
  return masked.length > maxChars ? `${masked.slice(0, maxChars)}…` : masked;
}

/** Runs of name characters, `-` and `_` included (the scrubber splits words there). */
const NAME_RUN = /[A-Za-z0-9_-]{20,}/g;

/**
 * A random token that `-` or `_` cut into pieces too short for the scrubber (base64url): 20+
 * characters mixing upper case, lower case and digits, or letters whose case flips like random
 * text. Kubernetes names are lower case and field names camel case, so neither looks random.
 */
function randomRun(run: string): boolean {
  if (/[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run)) return true;
  const letters = run.replace(/[^A-Za-z]/g, '');
  if (letters.length < 20) return false;
  let flips = 0;
  for (let i = 1; i < letters.length; i++)
    if (/[A-Z]/.test(letters[i]!) !== /[A-Z]/.test(letters[i - 1]!)) flips++;
  return flips * 3 >= letters.length;
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

/** A flag that may take its value as the next element (`--token abc`), never `--token=abc`. */
const BARE_FLAG = /^--?[A-Za-z][\w-]*$/;

/**
 * The argv a client gave, made safe for the audit trail: a string is split the way exec splits
 * it (on whitespace when it does not split, e.g. shell syntax); at most AUDIT_ARGV_ELEMENTS
 * elements of at most AUDIT_ARGV_CHARS characters, each scrubbed like any quoted input. Unlike
 * a message, which quotes 40 characters at most, an element is kept long, so a credential the
 * scrubber finds only in part must not leave the rest behind: each piece of an element (split at
 * `=` and `,`, so a flag or selector key stays readable) in which anything is found is replaced
 * whole, and so is the value after a credential flag (`--token abc`).
 */
export function safeArgv(command: string | readonly string[], own?: string): string[] {
  let argv: readonly string[];
  if (typeof command === 'string') {
    const split = tokenize(command);
    argv = split.ok ? split.argv : command.split(/\s+/).filter(Boolean);
  } else argv = command;
  return argv.slice(0, AUDIT_ARGV_ELEMENTS).map((element, i) => {
    const pieces = element.split(/([=,])/);
    const safe = pieces.map((piece, j) => (j % 2 === 1 || clean(piece, own) ? piece : REDACTED));
    const previous = i > 0 ? argv[i - 1] : undefined;
    // Nothing found in the element alone, but it is the value of a credential flag.
    if (
      safe.every((piece, j) => piece === pieces[j]) &&
      previous !== undefined &&
      BARE_FLAG.test(previous) &&
      !clean(`${previous}=${element}`, own)
    )
      return REDACTED;
    const text = normalize(safe.join(''));
    return text.length > AUDIT_ARGV_CHARS ? `${text.slice(0, AUDIT_ARGV_CHARS - 1)}…` : text;
  });
}

/** Whether quoting `text` safely leaves it as it is: nothing in it looks like a credential. */
function clean(text: string, own?: string): boolean {
  return safeText(text, Number.MAX_SAFE_INTEGER, own) === normalize(text);
}
