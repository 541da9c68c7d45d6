import { describe, expect, it } from 'vitest';
import { humanDuration, timestampSince } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration follows HumanDuration', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [-999, '0s'],
    [0, '0s'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 10 * s, '3m10s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 15 * m, '3h15m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [2 * d, '2d'],
    [2 * d + 4 * h, '2d4h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [2 * y + 80 * d, '2y80d'],
    [7 * y + 364 * d, '7y364d'],
    [8 * y + 100 * d, '8y'],
    [30 * y, '30y'],
  ])('%d ms prints %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('timestampSince', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  it.each([
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
    ['2026-01-10T11:59:15Z', '45s'],
    ['2025-12-29T12:00:00Z', '12d'],
    ['2026-01-10T12:00:05Z', '<invalid>'],
  ])('%s is %s old', (timestamp, text) => {
    expect(timestampSince(timestamp, now)).toBe(text);
  });
});
