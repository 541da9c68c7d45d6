// Label and field selector validation: what passes and what is refused.
import { describe, expect, it } from 'vitest';
import { fieldSelectorError, labelSelectorError } from './selectors.js';

const goodLabels = [
  'app',
  '!app',
  'app=web',
  'app==web',
  'app!=web',
  'app=',
  'app in (a)',
  'app in (a,b)',
  'app in ( a , b )',
  'app notin (a,b)',
  'app in(a)',
  'a=b,c!=d,!e,f,g in (h)',
  'app.kubernetes.io/name=web',
  'example.com/team=a_b.c-d',
  'A-1_b.C=Z9',
  ' app = web ',
  `k=${'v'.repeat(63)}`,
  `${'p'.repeat(63)}.example.com/${'n'.repeat(63)}`,
];

const badLabels: [string, RegExp][] = [
  ['', /ends where a requirement was expected/],
  ['app,', /ends where/],
  [',app', /unexpected ","/],
  ['=x', /unexpected "="/],
  ['!', /"!" must be followed by a key/],
  ['!app=x', /expected ","/],
  ['app x', /unexpected "x" after key/],
  ['app in a', /must be followed by "\("/],
  ['app in ()', /needs non-empty values/],
  ['app in (a', /not closed/],
  ['app in (a b)', /not closed/],
  ['app in (a,)', /needs non-empty values/],
  ['app = (', /unexpected "\("/],
  ['app>1', /< and > operators are not supported/],
  ['app<1', /not supported/],
  ['app=a/b', /label value "a\/b" is not valid/],
  ['app=-a', /label value/],
  [`app=${'v'.repeat(64)}`, /label value/],
  ['-app', /not a valid name/],
  ['a/b/c', /more than one "\/"/],
  ['Example.com/x', /prefix "Example.com" must be a DNS-1123 subdomain/],
  ['/x', /prefix/],
  ['x/', /not a valid name/],
  [`${'n'.repeat(64)}`, /not a valid name/],
  ['in=x', /reserved word/],
  ['app=x;y', /character ";"/],
  ['app="x"', /character "\\""/],
  ['a'.repeat(1025), /longer than 1024/],
];

const goodFields = [
  'status.phase=Running',
  'status.phase==Running',
  'status.phase!=Running',
  'spec.nodeName=',
  'metadata.name=web-1,metadata.namespace=default',
  'involvedObject.kind=Pod',
  'status.podIP=10.0.0.1',
  'status.podIP=fd00::1',
  'spec.serviceAccountName=system:x',
];

const badFields: [string, RegExp][] = [
  ['status.phase', /must be key=value/],
  ['=Running', /must be key=value/],
  ['', /must be key=value/],
  ['a=b,', /must be key=value/],
  ['a=b,,c=d', /must be key=value/],
  ['1a=b', /key "1a" is not valid/],
  ['a..b=c', /key/],
  ['a.b =c', /key/],
  ['a=b c', /value "b c" is not valid/],
  ['a=b=c', /value "b=c"/],
  ['a=b\\,c', /value/],
  ['a!b', /must be key=value/],
  ['a=' + 'x'.repeat(1030), /longer than 1024/],
];

describe('labelSelectorError', () => {
  it.each(goodLabels)('%j is valid', (sel) => {
    expect(labelSelectorError(sel)).toBeNull();
  });
  it.each(badLabels)('%j is refused', (sel, message) => {
    expect(labelSelectorError(sel)).toMatch(message);
  });
});

describe('fieldSelectorError', () => {
  it.each(goodFields)('%j is valid', (sel) => {
    expect(fieldSelectorError(sel)).toBeNull();
  });
  it.each(badFields)('%j is refused', (sel, message) => {
    expect(fieldSelectorError(sel)).toMatch(message);
  });
});
