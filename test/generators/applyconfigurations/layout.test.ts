/** The layout helpers of the applyconfigurations view: each result must be what Prettier prints. */
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  brokenList,
  jsdoc,
  propertyLines,
  splitTopLevelUnion,
  thisAccess,
  withMethodName,
} from '../../../src/generators/applyconfigurations/layout.js';
import { propertyName, quote } from '../../../src/generators/common/literal.js';

const format = (src: string): Promise<string> => prettier.format(src, { parser: 'typescript', printWidth: 120, singleQuote: true });
const L = 'L'.repeat(60);

/** A union of string literals exactly `total` characters long (eight members). */
function unionOf(total: number): string {
  const members = Array.from({ length: 8 }, (_, i) => `'v${i}xxxxxx'`);
  members[0] = `'v0xxxxxx${'y'.repeat(total - 101)}'`;
  const u = members.join(' | ');
  expect(u).toHaveLength(total);
  return u;
}

describe('splitTopLevelUnion', () => {
  const cases: [string, { given: string; want: string[] }][] = [
    ['not a union', { given: 'Record<string, A | B>', want: ['Record<string, A | B>'] }],
    ['literals', { given: "'a' | 'b|c' | 3", want: ["'a'", "'b|c'", '3'] }],
    ['nested parentheses and objects', { given: '(A | B)[] | { x: C | D } | null', want: ['(A | B)[]', '{ x: C | D }', 'null'] }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => expect(splitTopLevelUnion(given)).toEqual(want));
});

describe('names', () => {
  const cases: [string, { given: string; want: [string, string, string] }][] = [
    ['identifier', { given: 'spec', want: ['withSpec', 'spec', 'this.spec'] }],
    ['dashed', { given: 'max-surge', want: ['withMaxSurge', "'max-surge'", "this['max-surge']"] }],
    ['dotted and slashed', { given: 'app.kubernetes.io/name', want: ['withAppKubernetesIoName', "'app.kubernetes.io/name'", "this['app.kubernetes.io/name']"] }],
    ['dollar', { given: '$ref', want: ['with$ref', '$ref', 'this.$ref'] }],
    // Prettier (singleQuote) picks double quotes when that needs fewer escapes.
    ['quote inside', { given: "it's", want: ['withItS', '"it\'s"', 'this["it\'s"]'] }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    expect([withMethodName(given), propertyName(given), thisAccess(given)]).toEqual(want);
  });
  it('quote escapes backslashes, quotes and newlines, choosing the quote as Prettier does', async () => {
    expect(quote("a\\b'c\nd")).toBe('"a\\\\b\'c\\nd"');
    expect(quote('a"b')).toBe("'a\"b'");
    expect(quote('a\'b"c')).toBe("'a\\'b\"c'");
    for (const s of ["a\\b'c\nd", 'a"b', 'a\'b"c', "it's", 'plain']) {
      const src = `x = ${quote(s)};\n`;
      expect(await format(src)).toBe(src);
    }
  });
});

describe('layouts are Prettier fixed points', () => {
  const cases: [string, { lines: () => string[]; wrap: (body: string) => string; lineCount: number }][] = [
    ['a short signature stays on one line', { lines: () => brokenList('  ', 'withSpec', ['value: Spec'], ': this {'), wrap: (b) => `class A {\n${b}\n    return this;\n  }\n}\n`, lineCount: 1 }],
    [
      'a long signature breaks one parameter per line with a trailing comma',
      { lines: () => brokenList('', 'export function f', [`name: ${L}`, `namespace?: ${L}`], ': void {'), wrap: (b) => `${b}\n  return;\n}\n`, lineCount: 4 },
    ],
    [
      'a rest parameter gets no trailing comma',
      { lines: () => brokenList('  ', 'withItems', [`...values: ${L}${L}[]`], ': this {'), wrap: (b) => `class A {\n${b}\n    return this;\n  }\n}\n`, lineCount: 3 },
    ],
    [
      'a long union parameter moves to the next line',
      {
        lines: () => brokenList('  ', 'withMode', [`value: ${unionOf(111)}`], ': this {'),
        wrap: (b) => `class A {\n${b}\n    return this;\n  }\n}\n`,
        lineCount: 4,
      },
    ],
    [
      'a very long union parameter gets one member per line',
      {
        lines: () => brokenList('  ', 'withMode', [`value: ${Array.from({ length: 12 }, (_, i) => `'Value${i}${'x'.repeat(8)}'`).join(' | ')}`], ': this {'),
        wrap: (b) => `class A {\n${b}\n    return this;\n  }\n}\n`,
        lineCount: 15,
      },
    ],
    ['a short property', { lines: () => propertyLines('  ', 'mode', "'A' | 'B'"), wrap: (b) => `interface A {\n${b}\n}\n`, lineCount: 1 }],
    [
      'a long union property on the next line',
      { lines: () => propertyLines('  ', 'mode', unionOf(111)), wrap: (b) => `interface A {\n${b}\n}\n`, lineCount: 2 },
    ],
    [
      'a very long union property, one member per line',
      { lines: () => propertyLines('  ', 'mode', Array.from({ length: 12 }, (_, i) => `'Value${i}${'x'.repeat(8)}'`).join(' | ')), wrap: (b) => `interface A {\n${b}\n}\n`, lineCount: 13 },
    ],
    ['a one-line JSDoc', { lines: () => jsdoc('  ', 'Short.'), wrap: (b) => `interface A {\n${b}\n  a?: string;\n}\n`, lineCount: 1 }],
    [
      'a multi-line JSDoc with blank lines, trailing spaces and a comment terminator',
      { lines: () => jsdoc('  ', '\nFirst line.  \n\nSecond */ line.\n'), wrap: (b) => `interface A {\n${b}\n  a?: string;\n}\n`, lineCount: 5 },
    ],
  ];
  it.each(cases)('%s', async (_n, { lines, wrap, lineCount }) => {
    const out = lines();
    expect(out).toHaveLength(lineCount);
    const src = wrap(out.join('\n'));
    expect(await format(src)).toBe(src);
  });

  it('an empty description gives no comment', () => {
    expect(jsdoc('', ' \n \n')).toEqual([]);
  });
});
