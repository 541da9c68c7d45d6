// The benign half of kube-sim's credential corpus, line by line: diagnostic text that mentions
// tokens, secrets, passwords and keys without carrying one comes back byte for byte. (The
// planted half is measured through the whole gateway: test/src/redaction.)
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_CORPUS } from '@porthole/kube-sim';
import { RedactionTally } from './tally.js';
import { scrubText } from './text.js';

describe('benign lines survive unchanged', () => {
  it('the corpus has at least 200 of them', () => {
    expect(CREDENTIAL_CORPUS.benign.length).toBeGreaterThanOrEqual(200);
  });

  it.each(CREDENTIAL_CORPUS.benign.map((b) => [b.id, b.text] as const))('%s', (_id, text) => {
    const tally = new RedactionTally();
    expect(scrubText(text, tally)).toBe(text);
    expect(tally.total).toBe(0);
  });
});
