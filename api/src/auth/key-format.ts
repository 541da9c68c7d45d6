// The format of issued secrets: a type prefix, random body and checksum, like `phk_<body><crc>`.
// A leaked key is recognisable by its prefix (secret scanners), and a mistyped one fails the
// checksum before any store lookup.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const KEY_TYPES = { apiKey: 'phk', agentToken: 'pha' } as const;
export type KeyType = keyof typeof KEY_TYPES;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 36; // ~214 bits of entropy
const CHECKSUM_LENGTH = 6;
const SHAPE = new RegExp(
  `^(phk|pha)_([0-9A-Za-z]{${BODY_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);

export function generateSecret(type: KeyType): string {
  // Rejection sampling keeps every character uniformly likely.
  let body = '';
  while (body.length < BODY_LENGTH) {
    for (const byte of randomBytes(BODY_LENGTH * 2)) {
      if (byte < 248 && body.length < BODY_LENGTH) body += ALPHABET[byte % 62];
    }
  }
  return `${KEY_TYPES[type]}_${body}${checksum(body)}`;
}

/** The type of a well-formed issued secret, or null (wrong shape or checksum). */
export function parseSecret(secret: string): KeyType | null {
  const match = SHAPE.exec(secret);
  if (!match || checksum(match[2]!) !== match[3]) return null;
  return match[1] === KEY_TYPES.apiKey ? 'apiKey' : 'agentToken';
}

/** Whether a string claims to be an issued secret (has the prefix), well-formed or not. */
export function looksIssued(secret: string): boolean {
  return /^(phk|pha)_/.test(secret);
}

function checksum(body: string): string {
  let n = crc32(Buffer.from(body, 'ascii'));
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  return out;
}
