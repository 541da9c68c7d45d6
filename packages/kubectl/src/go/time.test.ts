// Go's durations as kubectl prints them: Duration.String, duration.HumanDuration.
import { describe, expect, it } from 'vitest';
import { goDurationString, humanDuration } from './time.js';

describe('goDurationString (time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [3_723_456, '1h2m3.456s'],
  ])('%d → %s', (ms, text) => {
    expect(goDurationString(ms)).toBe(text);
  });
});

describe('humanDuration (duration.HumanDuration)', () => {
  it.each<[number, string]>([
    [-5000, '<invalid>'],
    [-500, '0s'],
    [119_000, '119s'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [3 * 3600_000 + 60_000, '3h1m'],
    [30 * 3600_000, '30h'],
    [50 * 3600_000, '2d2h'],
    [400 * 86400_000, '400d'],
    [810 * 86400_000, '2y80d'],
    [3000 * 86400_000, '8y'],
  ])('humanDuration(%d) = %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});
