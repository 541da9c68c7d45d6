// Output cursors (CONTRACT §3a): opaque to clients, bound by an HMAC to one command, one principal
// and one byte offset, so they cannot be forged, moved to another command or used by another
// principal. Nothing is stored: any replica holding the signing key reads any replica's cursors.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HKDF `info` of the cursor key (Signer.deriveKey): a new purpose gets a new key. */
export const CURSOR_KEY_INFO = 'porthole:output-cursor:v1';

const VERSION = 1;
const OFFSET_BYTES = 4;
/** HMAC-SHA256 cut to 128 bits: forging one is 2^128 guesses, each an HTTP request. */
const TAG_BYTES = 16;
const CURSOR_BYTES = 1 + OFFSET_BYTES + TAG_BYTES;
/** base64url of CURSOR_BYTES bytes, unpadded. */
const SHAPE = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((CURSOR_BYTES * 4) / 3)}}$`);

export interface Cursors {
  /** A cursor to the page starting at `offset` of this command's output, for this principal. */
  issue(commandId: string, principalId: string, offset: number): string;
  /** The offset, when `cursor` was issued for this command to this principal; else null. */
  open(cursor: string, commandId: string, principalId: string): number | null;
}

/** `key`: 32 secret bytes every replica shares (derived from the signing key). */
export function createCursors(key: Buffer): Cursors {
  if (key.length < 32) throw new TypeError('the cursor key must have at least 32 bytes');
  const tag = (commandId: string, principalId: string, offset: number): Buffer =>
    createHmac('sha256', key)
      // JSON: the three fields cannot run into each other whatever they hold.
      .update(JSON.stringify([VERSION, commandId, principalId, offset]))
      .digest()
      .subarray(0, TAG_BYTES);

  return {
    issue(commandId, principalId, offset) {
      if (!Number.isInteger(offset) || offset < 0 || offset > 0xffff_ffff)
        throw new RangeError('a cursor offset is a 32-bit byte offset');
      const bytes = Buffer.alloc(CURSOR_BYTES);
      bytes.writeUInt8(VERSION, 0);
      bytes.writeUInt32BE(offset, 1);
      tag(commandId, principalId, offset).copy(bytes, 1 + OFFSET_BYTES);
      return bytes.toString('base64url');
    },

    open(cursor, commandId, principalId) {
      if (!SHAPE.test(cursor)) return null;
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.length !== CURSOR_BYTES || bytes.readUInt8(0) !== VERSION) return null;
      const offset = bytes.readUInt32BE(1);
      const expected = tag(commandId, principalId, offset);
      return timingSafeEqual(bytes.subarray(1 + OFFSET_BYTES), expected) ? offset : null;
    },
  };
}
