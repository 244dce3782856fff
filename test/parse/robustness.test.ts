/** Odd but parseable TypeScript never crashes the parser: every snippet yields diagnostics or a model. */
import { describe, expect, it } from 'vitest';
import { DOC, RUNTIME_IMPORT, load } from './helpers.js';

const SNIPPETS = [
  "export type X = typeof import('x');",
  'export interface A extends B.C.D {}',
  'export type X = string extends number ? string : number;',
  "export type X = { [K in 'a' | 'b']: string };",
  'export type X = { [k: string]: string; [Symbol.iterator]: string };',
  'export interface A { [Symbol.iterator]: string }',
  'export interface A { self: this }',
  'export interface A { new (): A }',
  "declare module 'x' { export interface Y { a: string } }",
  'export namespace N { export interface Y { a: string } }',
  'const Foo = 1;\nexport default Foo;',
  'export type X<T = string> = T;',
  'export interface A { a?(): void }',
  'export type F = abstract new () => void;',
  'export type T = [a: string, ...rest: number[]];',
  'export type T = string[] | null | undefined;',
  'declare function f(): string;\nexport interface E extends ReturnType<typeof f> {}',
  'export type X = -1n;',
  'export type X = `a`;',
  'export type X = 1e3 | 2;',
  "export type X = 'a' | ('b' | ('c'));",
  'export type X = (string);',
  'export type X = unknown[] & {};',
  'export interface A extends A {}',
  'export interface A extends B {}\nexport interface B extends A {}',
  'export type A = B;\nexport type B = A;',
  'export type A = A[];',
  'export interface A { a: A | null }',
  'export interface A { "": string; "a b": string; 1: string }',
  'export interface A { readonly a: readonly string[] }',
  'export type X = ReadonlyArray<ReadonlyArray<string>>;',
  'export type X = Record<string, Record<string, unknown>>;',
  'export type X = Array<string, number>;',
  'export type X = Record<string>;',
  'export type X = null | undefined;',
  '@decorator\nexport class C {}',
  'export abstract class C { abstract a: string }',
  'export const enum E { A }',
  'export type { Missing } from "./nowhere.js";',
  'export * from "./nowhere.js";\nexport interface A { b: Nowhere }',
  'import type { A } from "./types.js";\nexport interface B { a: A }',
];

describe('parser robustness', () => {
  it.each(SNIPPETS.map((s) => [s]))('%s', (snippet) => {
    const r = load({ 'things/v1/doc.ts': DOC(), 'things/v1/types.ts': `${RUNTIME_IMPORT}\n${snippet}\n` });
    for (const d of r.diagnostics) {
      expect(d.pos.file).toMatch(/^things\/v1\/(types|doc)\.ts$/);
      expect(d.pos.line).toBeGreaterThanOrEqual(1);
      expect(d.message).not.toBe('');
    }
    if (r.model) expect(JSON.parse(JSON.stringify(r.model))).toEqual(r.model);
  });
});
