import { describe, expect, it } from 'vitest';
import type { TypeExpr } from '../../src/model/types.js';
import { findField, findType, model, thingTree } from './helpers.js';

const str: TypeExpr = { kind: 'primitive', type: 'string' };

describe('field types', () => {
  const cases: [string, { type: string; extra?: string; want: TypeExpr }][] = [
    ['string', { type: 'string', want: str }],
    ['number', { type: 'number', want: { kind: 'primitive', type: 'number' } }],
    ['boolean', { type: 'boolean', want: { kind: 'primitive', type: 'boolean' } }],
    ['int32', { type: 'int32', want: { kind: 'primitive', type: 'integer', format: 'int32' } }],
    ['int64', { type: 'int64', want: { kind: 'primitive', type: 'integer', format: 'int64' } }],
    ['float32', { type: 'float32', want: { kind: 'primitive', type: 'number', format: 'float' } }],
    ['float64', { type: 'float64', want: { kind: 'primitive', type: 'number', format: 'double' } }],
    ['unknown', { type: 'unknown', want: { kind: 'unknown' } }],
    ['T[]', { type: 'string[]', want: { kind: 'array', items: str } }],
    [
      'Array<T>',
      { type: 'Array<int32>', want: { kind: 'array', items: { kind: 'primitive', type: 'integer', format: 'int32' } } },
    ],
    ['ReadonlyArray<T>', { type: 'ReadonlyArray<string>', want: { kind: 'array', items: str } }],
    ['readonly T[]', { type: 'readonly string[]', want: { kind: 'array', items: str } }],
    ['nested arrays', { type: 'string[][]', want: { kind: 'array', items: { kind: 'array', items: str } } }],
    ['Record<string, T>', { type: 'Record<string, string>', want: { kind: 'map', values: str } }],
    [
      'index signature',
      { type: '{ [key: string]: boolean }', want: { kind: 'map', values: { kind: 'primitive', type: 'boolean' } } },
    ],
    ['T | null', { type: 'string | null', want: { kind: 'nullable', inner: str } }],
    ['null | T[]', { type: 'null | string[]', want: { kind: 'nullable', inner: { kind: 'array', items: str } } }],
    ['(T | null)[]', { type: '(string | null)[]', want: { kind: 'array', items: { kind: 'nullable', inner: str } } }],
    [
      'string literals',
      { type: "'A' | 'B' | 'C'", want: { kind: 'literals', base: 'string', values: ['A', 'B', 'C'] } },
    ],
    ['one literal', { type: "'Only'", want: { kind: 'literals', base: 'string', values: ['Only'] } }],
    ['integer literals', { type: '1 | 2 | -3', want: { kind: 'literals', base: 'integer', values: [1, 2, -3] } }],
    ['number literals', { type: '0.5 | 1', want: { kind: 'literals', base: 'number', values: [0.5, 1] } }],
    ['true | false', { type: 'true | false', want: { kind: 'primitive', type: 'boolean' } }],
    ['true', { type: 'true', want: { kind: 'literals', base: 'boolean', values: [true] } }],
    [
      'literals | null',
      {
        type: "'A' | 'B' | null",
        want: { kind: 'nullable', inner: { kind: 'literals', base: 'string', values: ['A', 'B'] } },
      },
    ],
    ['duplicate literals', { type: "'A' | 'A'", want: { kind: 'literals', base: 'string', values: ['A'] } }],
    ['parenthesized', { type: '(string)', want: str }],
    ['well-known Time', { type: 'Time', want: { kind: 'well-known', name: 'Time' } }],
    ['well-known Quantity', { type: 'Quantity', want: { kind: 'well-known', name: 'Quantity' } }],
    ['well-known IntOrString', { type: 'IntOrString', want: { kind: 'well-known', name: 'IntOrString' } }],
    ['well-known RawExtension', { type: 'RawExtension', want: { kind: 'well-known', name: 'RawExtension' } }],
    [
      'well-known Condition[]',
      { type: 'Condition[]', want: { kind: 'array', items: { kind: 'well-known', name: 'Condition' } } },
    ],
    [
      'local ref',
      {
        type: 'Inner',
        extra: 'export interface Inner { a: string }',
        want: { kind: 'ref', target: { pkg: 'things/v1', name: 'Inner' } },
      },
    ],
    ['optional with | undefined', { type: 'string | undefined', want: str }],
    [
      'inline object',
      {
        type: '{ a: string; b?: int32 }',
        want: {
          kind: 'object',
          fields: [
            {
              name: 'a',
              type: str,
              tsOptional: false,
              optional: false,
              description: '',
              markers: [],
              pos: { file: 'things/v1/types.ts', line: 14, col: 8 },
            },
            {
              name: 'b',
              type: { kind: 'primitive', type: 'integer', format: 'int32' },
              tsOptional: true,
              optional: true,
              description: '',
              markers: [],
              pos: { file: 'things/v1/types.ts', line: 14, col: 19 },
            },
          ],
        },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { type, extra, want }) => {
    const m = model(thingTree(extra ?? '', '+genclient', `x${type.includes('undefined') ? '?' : ''}: ${type};`));
    expect(findField(m, 'things/v1', 'ThingSpec', 'x').type).toEqual(want);
  });
});

describe('declarations', () => {
  it('interface extends several types: embeds in order, own fields only', () => {
    const m = model(
      thingTree(`
export interface A { a: string }
export interface B { b: string }
export interface C extends A, B, TypeMeta { c: string }
`),
    );
    const c = findType(m, 'things/v1', 'C');
    expect(c).toMatchObject({
      declKind: 'struct',
      embeds: [
        { kind: 'ref', target: { pkg: 'things/v1', name: 'A' } },
        { kind: 'ref', target: { pkg: 'things/v1', name: 'B' } },
        { kind: 'well-known', name: 'TypeMeta' },
      ],
    });
    expect(c.declKind === 'struct' && c.fields.map((f) => f.name)).toEqual(['c']);
  });

  it.each<[string, { decl: string; want: unknown }]>([
    ['alias of a primitive', { decl: 'export type Name = string;', want: { declKind: 'alias', target: str } }],
    [
      'alias of a number alias',
      {
        decl: 'export type Port = int32;',
        want: { declKind: 'alias', target: { kind: 'primitive', type: 'integer', format: 'int32' } },
      },
    ],
    [
      'alias of literals',
      {
        decl: "export type Phase = 'Pending' | 'Done';",
        want: { declKind: 'alias', target: { kind: 'literals', base: 'string', values: ['Pending', 'Done'] } },
      },
    ],
    [
      'alias of a map',
      {
        decl: 'export type Labels = Record<string, string>;',
        want: { declKind: 'alias', target: { kind: 'map', values: str } },
      },
    ],
    [
      'alias of an array',
      { decl: 'export type Names = string[];', want: { declKind: 'alias', target: { kind: 'array', items: str } } },
    ],
    [
      'alias of a ref',
      {
        decl: 'export type Other = ThingSpec;',
        want: { declKind: 'alias', target: { kind: 'ref', target: { pkg: 'things/v1', name: 'ThingSpec' } } },
      },
    ],
    [
      'alias of a nullable',
      {
        decl: 'export type Maybe = string | null;',
        want: { declKind: 'alias', target: { kind: 'nullable', inner: str } },
      },
    ],
    [
      'alias of a well-known type',
      { decl: 'export type When = Time;', want: { declKind: 'alias', target: { kind: 'well-known', name: 'Time' } } },
    ],
    [
      'alias of an object literal is a struct',
      {
        decl: 'export type Pair = { k: string; v: string };',
        want: { declKind: 'struct', embeds: [], fields: [{ name: 'k' }, { name: 'v' }] },
      },
    ],
    [
      'alias of an index signature is a map alias',
      {
        decl: 'export type Bag = { [k: string]: int64 };',
        want: {
          declKind: 'alias',
          target: { kind: 'map', values: { kind: 'primitive', type: 'integer', format: 'int64' } },
        },
      },
    ],
    [
      'interface with only an index signature is a map alias',
      {
        decl: 'export interface Bag { [k: string]: string }',
        want: { declKind: 'alias', target: { kind: 'map', values: str } },
      },
    ],
    [
      'intersection alias flattens into a struct',
      {
        decl: 'export interface A { a: string }\nexport type AB = A & { b: string } & TypeMeta;',
        want: {
          declKind: 'struct',
          embeds: [
            { kind: 'ref', target: { pkg: 'things/v1', name: 'A' } },
            { kind: 'well-known', name: 'TypeMeta' },
          ],
          fields: [{ name: 'b' }],
        },
      },
    ],
  ])('%s', (_name, { decl, want }) => {
    const m = model(thingTree(decl));
    const name = /export (?:type|interface) (\w+)(?![\s\S]*export (?:type|interface))/.exec(decl)![1]!;
    expect(findType(m, 'things/v1', name)).toMatchObject(want as object);
  });

  it('quoted and numeric property names keep their text', () => {
    const m = model(thingTree('', '+genclient', '\'x-y\'?: string;\n  "a.b": string;\n  1: string;'));
    expect(findType(m, 'things/v1', 'ThingSpec')).toMatchObject({
      fields: [{ name: 'x-y' }, { name: 'a.b' }, { name: '1' }],
    });
  });

  it('non-exported, unreferenced declarations and non-type exports are ignored', () => {
    const m = model(
      thingTree(
        "interface Hidden { a: string }\nexport const Version = 'v1';\nexport function helper(): number { return 1; }",
      ),
    );
    expect(m.groups[0]!.versions[0]!.types.map((t) => t.name)).toEqual(['Thing', 'ThingList', 'ThingSpec']);
  });

  it('the model is plain JSON and types are sorted by name', () => {
    const m = model(thingTree('export interface Zeta { a: string }\nexport interface Alpha { b?: string | null }'));
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    expect(m.groups[0]!.versions[0]!.types.map((t) => t.name)).toEqual([
      'Alpha',
      'Thing',
      'ThingList',
      'ThingSpec',
      'Zeta',
    ]);
  });
});
