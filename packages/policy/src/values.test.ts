// Flag value readers: bounded integers, Go durations, RFC 3339 times.
import { describe, expect, it } from 'vitest';
import { formatSeconds, isRfc3339, parseBoundedInt, parseDurationSeconds } from './values.js';

describe('parseBoundedInt', () => {
  it.each([
    ['0', 0],
    ['500', 500],
    ['-1', -1],
    ['100000', 100000],
    ['100001', null],
    ['-2', null],
    ['010', null],
    ['0x10', null],
    ['1_000', null],
    ['+5', null],
    ['1e3', null],
    ['', null],
    [' 5', null],
    ['5 ', null],
    ['-0', 0],
    ['9'.repeat(20), null],
  ])('%j → %j in [-1, 100000]', (s, n) => {
    expect(parseBoundedInt(s, -1, 100_000)).toBe(n);
  });
});

describe('parseDurationSeconds (Go time.ParseDuration, rounded to seconds)', () => {
  it.each([
    ['0', 0],
    ['5s', 5],
    ['5m', 300],
    ['1h30m', 5400],
    ['1.5h', 5400],
    ['90m', 5400],
    ['1h0m5s', 3605],
    ['500ms', 1],
    ['499ms', 0],
    ['1500ms', 2],
    ['2500000us', 3],
    ['3000000000ns', 3],
    ['.5m', 30],
    ['1.m', 60],
    ['1h1h', 7200],
    ['1d', null],
    ['5', null],
    ['-5s', null],
    ['+5s', null],
    ['5 s', null],
    ['5S', null],
    ['s', null],
    ['.s', null],
    ['', null],
    ['1h-5m', null],
    ['1'.repeat(70) + 's', null],
  ])('%j → %j', (s, n) => {
    expect(parseDurationSeconds(s)).toBe(n);
  });
});

describe('formatSeconds', () => {
  it.each([
    [0, '0s'],
    [5, '5s'],
    [60, '1m'],
    [3600, '1h'],
    [5400, '1h30m'],
    [3605, '1h5s'],
    [86400, '24h'],
    [90061, '25h1m1s'],
  ])('%d → %s, which Go parses back to the same duration', (n, s) => {
    expect(formatSeconds(n)).toBe(s);
    expect(parseDurationSeconds(s)).toBe(n);
  });
});

describe('isRfc3339', () => {
  it.each([
    ['2024-08-30T06:00:00Z', true],
    ['2024-08-30T06:00:00.123456789Z', true],
    ['2024-08-30T06:00:00+05:30', true],
    ['2024-08-30T06:00:00-08:00', true],
    ['2024-02-29T00:00:00Z', true],
    ['2000-02-29T00:00:00Z', true],
    ['1900-02-29T00:00:00Z', false],
    ['2023-02-29T00:00:00Z', false],
    ['2024-04-31T00:00:00Z', false],
    ['2024-13-01T00:00:00Z', false],
    ['2024-00-01T00:00:00Z', false],
    ['2024-01-00T00:00:00Z', false],
    ['2024-01-01T24:00:00Z', false],
    ['2024-01-01T00:60:00Z', false],
    ['2024-01-01T00:00:60Z', false],
    ['2024-01-01t00:00:00Z', false],
    ['2024-01-01T00:00:00z', false],
    ['2024-01-01 00:00:00Z', false],
    ['2024-01-01T00:00:00', false],
    ['2024-01-01', false],
    ['2024-01-01T00:00:00.Z', false],
    ['2024-01-01T00:00:00.1234567890Z', false],
    ['2024-01-01T00:00:00+0100', false],
    ['2024-01-01T00:00:00+24:00', false],
    ['24-01-01T00:00:00Z', false],
    ['now', false],
  ])('%s → %s', (s, valid) => {
    expect(isRfc3339(s)).toBe(valid);
  });
});
