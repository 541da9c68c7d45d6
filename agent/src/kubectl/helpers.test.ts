// Small Go and kubectl behaviours the verbs rely on: durations, warning headers, word wrapping, field labels.
import { describe, expect, it } from 'vitest';
import { smartLabelFor } from './describe/kinds.js';
import { wrapString } from './explain.js';
import { parseGoDuration } from './logs.js';
import { parseWarningHeaders } from './run.js';
import { goDurationString } from './top.js';

describe('parseGoDuration (time.ParseDuration, in ms)', () => {
  it.each([
    ['5s', 5000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['300ms', 300],
    ['-5m', -300_000],
    ['0', 0],
    ['10', null],
    ['5x', null],
    ['', null],
    ['h', null],
  ])('%j → %j', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });
});

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

describe('parseWarningHeaders', () => {
  it.each([
    [['299 - "v1 Endpoints is deprecated"'], ['v1 Endpoints is deprecated']],
    [['299 - "a", 299 - "b \\"quoted\\""'], ['a', 'b "quoted"']],
    [['299 kube-apiserver "with date" "Mon, 01 Jan 2024 00:00:00 GMT"'], ['with date']],
    [['199 - "not a 299"'], []],
    [['299 - ""'], []],
    [['garbage'], []],
  ])('%j → %j', (headers, texts) => {
    expect(parseWarningHeaders(headers)).toEqual(texts);
  });
});

describe('wrapString (go-wordwrap v1.0.1)', () => {
  it.each([
    ['short text', 10, 'short text'],
    ['one two three four', 9, 'one two\nthree\nfour'],
    ['averyveryverylongword fits', 8, 'averyveryverylongword\nfits'],
    ['keep\nnewlines  here', 20, 'keep\nnewlines  here'],
    ['non\u00a0breaking space', 10, 'non\u00a0breaking\nspace'],
  ])('%j at %d', (text, lim, want) => {
    expect(wrapString(text, lim)).toBe(want);
  });
});

describe('smartLabelFor (generic describer field labels)', () => {
  it.each([
    ['apiVersion', 'API Version'],
    ['creationTimestamp', 'Creation Timestamp'],
    ['uid', 'UID'],
    ['podCIDR', 'Pod Cidr'],
    ['k8s', 'k8s'],
    ['x_y', 'x_y'],
    ['replicas', 'Replicas'],
  ])('%s → %s', (field, label) => {
    expect(smartLabelFor(field)).toBe(label);
  });
});
