// What was removed, by kind: the result's `redactions` and the API's porthole_redactions_total.

export type RedactionKind =
  'secret_data' | 'last_applied' | 'env_credential' | 'log_credential' | 'private_key' | 'token';

export const REDACTED = '[redacted by porthole]';
/** Secret data must stay valid base64 for kubectl's describe to decode: base64("REDACTED"). */
export const REDACTED_BASE64 = 'UkVEQUNURUQ=';

export class RedactionTally {
  readonly byKind: Partial<Record<RedactionKind, number>> = {};
  /** Kept as it grows: scrubbing reads it before and after every text to see if one went. */
  #total = 0;
  add(kind: RedactionKind, n = 1): void {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + n;
    this.#total += n;
  }
  get total(): number {
    return this.#total;
  }
}
