import { describe, expect, it } from 'vitest';
import { labelSelectorAsSelector, parseSelector, selectorFromSet, SelectorParseError } from '../../src/labels/index.js';
import { FieldSelectorParseError, getFieldValue, parseFieldSelector } from '../../src/fields/index.js';

describe('label selectors (apimachinery labels.Parse semantics)', () => {
  const labels = { app: 'web', tier: 'front', 'example.com/team': 'a', n: '5' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db, cache)', true],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['example.com/team=a', true],
    ['n>4', true],
    ['n<5', false],
    ['missing>1', false],
    [' app = web , tier in ( front ) ', true],
  ];
  it.each(cases)('%j matches: %s', (sel, want) => {
    expect(parseSelector(sel).matches(labels)).toBe(want);
  });

  const errors: [string, RegExp][] = [
    ['app=web,', /empty requirement/],
    ['app in web', /unable to parse requirement/],
    ['-app=x', /invalid label key/],
    ['app=-x', /invalid label value/],
    ['Bad_Prefix/app=x', /prefix part/],
    ['n>x', /must be an integer/],
    [`k=${'v'.repeat(64)}`, /63 characters/],
  ];
  it.each(errors)('refuses %j', (sel, want) => {
    expect(() => parseSelector(sel)).toThrow(SelectorParseError);
    expect(() => parseSelector(sel)).toThrow(want);
  });

  it('prints canonically and converts LabelSelector objects', () => {
    expect(parseSelector('tier in (b,a),app=x,!z').toString()).toBe('app=x,tier in (a,b),!z');
    expect(selectorFromSet({ b: '2', a: '1' }).toString()).toBe('a=1,b=2');
    const s = labelSelectorAsSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] })!;
    expect(s.matches({ app: 'web', tier: 'front' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'back' })).toBe(false);
    expect(labelSelectorAsSelector({})!.empty()).toBe(true);
    expect(labelSelectorAsSelector(undefined)).toBeUndefined();
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(/at least one value/);
  });
});

describe('field selectors (apimachinery fields.ParseSelector semantics)', () => {
  const obj = { metadata: { name: 'a,b', namespace: 'default' }, spec: { nodeName: 'n1', replicas: 3 } };
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=a\\,b', true],
    ['metadata.namespace==default', true],
    ['metadata.namespace!=default', false],
    ['spec.nodeName=n1,metadata.namespace=default', true],
    ['spec.replicas=3', true],
    ['spec.missing=', true],
    ['spec.missing!=', false],
  ];
  it.each(cases)('%j matches: %s', (sel, want) => {
    expect(parseFieldSelector(sel).matchesObject(obj)).toBe(want);
  });
  it('refuses malformed terms', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(FieldSelectorParseError);
    expect(() => parseFieldSelector('a=b=c')).toThrow(/unescaped "="/);
    expect(() => parseFieldSelector('a=b\\x')).toThrow(/invalid escape/);
  });
  it('reads dotted paths and round-trips escapes', () => {
    expect(getFieldValue(obj, 'spec.replicas')).toBe('3');
    expect(getFieldValue(obj, 'nope.x')).toBe('');
    expect(parseFieldSelector('metadata.name=a\\,b').toString()).toBe('metadata.name=a\\,b');
    expect(parseFieldSelector('a=1,b!=2').fields()).toEqual(['a', 'b']);
  });
});
