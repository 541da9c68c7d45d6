// The template check of get's projections: present and bounded; its syntax is left to the printer.
import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_LENGTH, templateError } from './get.js';

describe('templateError', () => {
  it.each(['jsonpath', 'jsonpath-as-json', 'custom-columns'] as const)(
    '%s: accepts up to the limit and refuses one character more, without echoing it',
    (output) => {
      expect(templateError(output, 'x'.repeat(MAX_TEMPLATE_LENGTH))).toBeNull();
      const d = templateError(output, `{.${'y'.repeat(MAX_TEMPLATE_LENGTH)}}`);
      expect(d).toMatchObject({ kind: 'invalid_request', rule: 'output' });
      expect(d?.message).toMatch(/is 4099 characters long; the limit is 4096$/);
      expect(d?.message).not.toContain('yyy');
    },
  );

  it('refuses an empty template with an example', () => {
    expect(templateError('jsonpath', '')).toMatchObject({
      kind: 'invalid_request',
      message: '-o jsonpath needs a template after "="',
      fix: { type: 'text', text: "e.g. -o 'jsonpath={.items[*].metadata.name}'" },
    });
    expect(templateError('custom-columns', '')?.message).toBe(
      '-o custom-columns needs column specs after "="',
    );
  });

  it('leaves syntax to the printer: an unbalanced template passes the policy', () => {
    expect(templateError('jsonpath', '{.metadata.name')).toBeNull();
    expect(templateError('custom-columns', 'NAME')).toBeNull();
  });
});
