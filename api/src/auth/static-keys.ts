// Parsing of the static key lists in PORTHOLE_API_KEYS / PORTHOLE_ADMIN_KEYS.
import { ConfigError } from '@porthole/runtime';
import { staticKeyId } from './principal-id.js';
import { fingerprint } from './secret-hash.js';

export interface StaticKey {
  /** Stable principal id derived from the key (owns its commands, sessions, rate bucket). */
  id: string;
  name: string;
  /** SHA-256 of the key; the key itself is not kept. */
  hash: Buffer;
  /** First 8 characters, for audit lines that must say which key without revealing it. */
  prefix: string;
  admin: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const KEY = /^[\x21-\x7e]{16,512}$/;

/** `name:key` or bare `key`, separated by commas or newlines. */
export function parseKeyList(text: string, variable: string, admin: boolean): StaticKey[] {
  const keys: StaticKey[] = [];
  const entries = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon) : `${admin ? 'admin' : 'key'}-${index + 1}`;
    const key = colon > 0 ? entry.slice(colon + 1) : entry;
    if (!NAME.test(name))
      throw new ConfigError(`${variable}: entry ${index + 1} has an invalid name`);
    if (!KEY.test(key)) {
      throw new ConfigError(
        `${variable}: entry ${index + 1} must be 16–512 printable characters without spaces`,
      );
    }
    const hash = fingerprint(key);
    keys.push({ id: staticKeyId(key, hash), name, hash, prefix: key.slice(0, 8), admin });
  });
  return keys;
}
