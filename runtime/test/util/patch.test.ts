import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, JsonPatchError } from '../../src/util/patch.js';

describe('applyMergePatch (RFC 7386 examples)', () => {
  const cases: [string, { given: unknown; patch: unknown; want: unknown }][] = [
    ['replace scalar', { given: { a: 'b' }, patch: { a: 'c' }, want: { a: 'c' } }],
    ['add key', { given: { a: 'b' }, patch: { b: 'c' }, want: { a: 'b', b: 'c' } }],
    ['null removes', { given: { a: 'b' }, patch: { a: null }, want: {} }],
    ['nested', { given: { a: { b: 'c' } }, patch: { a: { b: 'd', c: null } }, want: { a: { b: 'd' } } }],
    ['arrays replace', { given: { a: [{ b: 'c' }] }, patch: { a: [1] }, want: { a: [1] } }],
    ['non-object patch replaces', { given: { a: 'foo' }, patch: 'bar', want: 'bar' }],
    ['object over scalar', { given: { e: null }, patch: { a: 1 }, want: { e: null, a: 1 } }],
    ['null inside new object dropped', { given: {}, patch: { a: { bb: { ccc: null } } }, want: { a: { bb: {} } } }],
  ];
  it.each(cases)('%s', (_n, { given, patch, want }) => {
    const before = JSON.stringify(given);
    expect(applyMergePatch(given, patch)).toEqual(want);
    expect(JSON.stringify(given)).toBe(before);
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const cases: [string, { given: unknown; ops: unknown[]; want: unknown }][] = [
    ['add member', { given: { foo: 'bar' }, ops: [{ op: 'add', path: '/baz', value: 'qux' }], want: { foo: 'bar', baz: 'qux' } }],
    ['add array element', { given: { foo: ['bar', 'baz'] }, ops: [{ op: 'add', path: '/foo/1', value: 'qux' }], want: { foo: ['bar', 'qux', 'baz'] } }],
    ['append with -', { given: { foo: [1] }, ops: [{ op: 'add', path: '/foo/-', value: 2 }], want: { foo: [1, 2] } }],
    ['remove', { given: { baz: 'qux', foo: 'bar' }, ops: [{ op: 'remove', path: '/baz' }], want: { foo: 'bar' } }],
    ['replace', { given: { baz: 'qux' }, ops: [{ op: 'replace', path: '/baz', value: 'boo' }], want: { baz: 'boo' } }],
    ['move', { given: { foo: { bar: 'baz' }, qux: {} }, ops: [{ op: 'move', from: '/foo/bar', path: '/qux/thud' }], want: { foo: {}, qux: { thud: 'baz' } } }],
    ['copy', { given: { a: [1] }, ops: [{ op: 'copy', from: '/a', path: '/b' }], want: { a: [1], b: [1] } }],
    ['escaped pointer', { given: { 'a/b': 1, 'm~n': 2 }, ops: [{ op: 'replace', path: '/a~1b', value: 3 }, { op: 'remove', path: '/m~0n' }], want: { 'a/b': 3 } }],
    ['test passes', { given: { a: { b: [1, 2] } }, ops: [{ op: 'test', path: '/a', value: { b: [1, 2] } }], want: { a: { b: [1, 2] } } }],
  ];
  it.each(cases)('%s', (_n, { given, ops, want }) => {
    expect(applyJsonPatch(given, ops)).toEqual(want);
  });

  const errors: [string, { given: unknown; ops: unknown; want: RegExp; testFailed?: boolean }][] = [
    ['missing path', { given: { a: 1 }, ops: [{ op: 'replace', path: '/b', value: 1 }], want: /does not exist/ }],
    ['failed test', { given: { a: 1 }, ops: [{ op: 'test', path: '/a', value: 2 }], want: /test operation .* failed/, testFailed: true }],
    ['not an array', { given: {}, ops: { op: 'add' }, want: /must be an array/ }],
    ['unknown op', { given: {}, ops: [{ op: 'frob', path: '/a' }], want: /unknown JSON patch operation/ }],
    ['index out of range', { given: { a: [] }, ops: [{ op: 'add', path: '/a/3', value: 1 }], want: /out of bounds/ }],
    ['move into child', { given: { a: { b: 1 } }, ops: [{ op: 'move', from: '/a', path: '/a/b/c' }], want: /own child/ }],
  ];
  it.each(errors)('refuses: %s', (_n, { given, ops, want, testFailed }) => {
    let caught: unknown;
    try {
      applyJsonPatch(given, ops);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(JsonPatchError);
    expect((caught as Error).message).toMatch(want);
    expect((caught as JsonPatchError).testFailed).toBe(testFailed ?? false);
  });

  it('is atomic: a failing later op leaves the input unchanged', () => {
    const given = { a: 1 };
    expect(() => applyJsonPatch(given, [{ op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/zz' }])).toThrow();
    expect(given).toEqual({ a: 1 });
  });
});
