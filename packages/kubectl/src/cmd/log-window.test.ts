// The client chooses --tail, --since and --limit-bytes, never where a credential is cut.
import { describe, expect, it } from 'vitest';
import type { LogCut } from './log-window.js';
import { applyCut, countLines } from './log-window.js';

const cut = (over: Partial<LogCut>): LogCut => ({
  tailLines: null,
  limitBytes: null,
  sinceSeconds: null,
  sinceTime: null,
  timestamps: false,
  ...over,
});
const STAMP = '2026-01-01T00:00:00.000000000Z';
const log = ['a', 'b', 'c', 'd'].map((l) => `${STAMP} ${l}\n`).join('');

describe('applyCut', () => {
  it.each([
    [cut({}), 'a\nb\nc\nd\n'],
    [cut({ tailLines: 2 }), 'c\nd\n'],
    [cut({ tailLines: 0 }), ''],
    [cut({ tailLines: 9 }), 'a\nb\nc\nd\n'],
    [cut({ limitBytes: 3 }), 'a\nb'],
    [cut({ tailLines: 3, limitBytes: 3 }), 'b\nc'],
    [cut({ timestamps: true, tailLines: 1 }), `${STAMP} d\n`],
  ])('%j', (c, want) => {
    expect(applyCut(log, c, null)).toBe(want);
  });

  it('keeps as many recent lines as the kubelet counted for --since, within the tail', () => {
    expect(applyCut(log, cut({ sinceSeconds: 60 }), 3)).toBe('b\nc\nd\n');
    expect(applyCut(log, cut({ sinceSeconds: 60, tailLines: 2 }), 3)).toBe('c\nd\n');
    expect(applyCut(log, cut({ sinceSeconds: 60 }), 0)).toBe('');
  });

  it('counts lines as the kubelet writes them', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
  });
});
