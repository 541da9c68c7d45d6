import { describe, expect, it } from 'vitest';
import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.js';

const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop', version: '3' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (api, web)', true],
    ['app in (api,db)', false],
    ['app notin (api,db)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app.kubernetes.io/name=shop', true],
    [' app = web , !missing ', true],
    ['version>2', true],
    ['version<3', false],
    ['app>2', false],
    ['app=web,env in (prod),!x', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('an empty value matches only the empty label', () => {
    expect(matchesLabels(parseLabelSelector('role='), { role: '' })).toBe(true);
    expect(matchesLabels(parseLabelSelector('role='), { role: 'x' })).toBe(false);
  });

  it.each(['app=web,', 'app in web', 'app in (web', '=web', 'app=web=x', 'a@b', 'version>x'])(
    'rejects %j',
    (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
    },
  );
});

describe('field selectors', () => {
  const fields: Record<string, string> = {
    'metadata.name': 'web-1',
    'status.phase': 'Running',
    'spec.nodeName': '',
  };
  const get = (key: string) => fields[key] ?? '';
  it.each([
    ['', true],
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['status.phase!=Pending', true],
    ['status.phase=Running,metadata.name=web-1', true],
    ['status.phase=Running,metadata.name=web-2', false],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector), get)).toBe(expected);
  });

  it('parses escaped separators in values', () => {
    expect(parseFieldSelector('message=a\\,b\\=c,reason!=x')).toEqual([
      { key: 'message', operator: '=', value: 'a,b=c' },
      { key: 'reason', operator: '!=', value: 'x' },
    ]);
  });

  it('rejects a term without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(SelectorError);
  });
});
