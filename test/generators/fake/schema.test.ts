/**
 * The fake clientset's merge skeletons (src/generators/fake/schema.ts): what of a CRD version's structural
 * schema is kept for the object tracker, built from hand-made models through the CRD generator's builder;
 * and the Prettier-stable literal printer that writes them.
 */
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { mergeSkeleton, mergeSkeletons, type MergeSkeleton } from '../../../src/generators/fake/schema.js';
import { flatLiteral, printLiteral, quote, type LiteralValue } from '../../../src/generators/common/literal.js';
import type { Field, TypeDecl } from '../../../src/model/types.js';
import { field, kind, mk, model, struct, t, version, widgetModel } from '../crd/build.js';

const V = 'kubebuilder:validation:';

/** The skeleton of the Widget's `spec` for a spec with the given fields. */
function specSkeleton(fields: Field[], extra: TypeDecl[] = []): MergeSkeleton | undefined {
  const root = mergeSkeletons(widgetModel(fields, extra), { version: 'v0.0.0' }).get('example.com/v1/Widget');
  expect(root).toBeDefined();
  return root!.properties?.['spec'];
}

const port = struct('Port', [
  field('name', t.string, { markers: [mk(`${V}MinLength`, 1)] }),
  field('protocol', t.literals('TCP', 'UDP'), { optional: true }),
  field('port', t.int32, { markers: [mk(`${V}Minimum`, 1), mk(`${V}Maximum`, 65535)] }),
]);
const plain = struct('Plain', [field('a', t.string), field('b', t.array(t.string), { optional: true })]);

describe('mergeSkeleton: what a field keeps', () => {
  const cases: [string, { given: Field; extra?: TypeDecl[]; want: MergeSkeleton }][] = [
    [
      '+listType=map with +listMapKey: type, keys and the items (every declared item field, validation gone)',
      {
        given: field('ports', t.array(t.ref('Port')), {
          markers: [mk('listType', 'map'), mk('listMapKey', 'name'), mk('listMapKey', 'protocol'), mk(`${V}MaxItems`, 8)],
        }),
        extra: [port],
        want: {
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'protocol'],
          items: { properties: { name: {}, port: {}, protocol: {} } },
        },
      },
    ],
    [
      '+listType=set: the type only (an item is its own value)',
      {
        given: field('tags', t.array(t.string), { markers: [mk('listType', 'set'), mk(`${V}items:Pattern`, '^[a-z]+$')] }),
        want: { 'x-kubernetes-list-type': 'set' },
      },
    ],
    [
      '+mapType=atomic map: the type only (replaced whole, keys not read)',
      { given: field('selector', t.map(t.string), { markers: [mk('mapType', 'atomic')] }), want: { 'x-kubernetes-map-type': 'atomic' } },
    ],
    [
      '+structType=atomic struct: the type only, none of its fields',
      { given: field('plain', t.ref('Plain'), { markers: [mk('structType', 'atomic')] }), extra: [plain], want: { 'x-kubernetes-map-type': 'atomic' } },
    ],
    [
      'plain map: additionalProperties kept (keys are owned one by one, unlike a struct’s fields)',
      { given: field('labels', t.map(t.string)), want: { additionalProperties: {} } },
    ],
    [
      'map of structs: the value skeleton',
      { given: field('byName', t.map(t.ref('Plain'))), extra: [plain], want: { additionalProperties: { properties: { a: {}, b: {} } } } },
    ],
    [
      'nested struct of scalars and atomic lists: every field name, nothing else',
      { given: field('plain', t.ref('Plain')), extra: [plain], want: { properties: { a: {}, b: {} } } },
    ],
    [
      'nested struct holding a set: the path down to it',
      {
        given: field('outer', t.object([field('inner', t.object([field('s', t.array(t.string), { markers: [mk('listType', 'set')] })]))])),
        want: { properties: { inner: { properties: { s: { 'x-kubernetes-list-type': 'set' } } } } },
      },
    ],
    [
      'atomic list of structs (the default): nothing under it',
      { given: field('items', t.array(t.ref('Port'))), extra: [port], want: {} },
    ],
    [
      'explicit +listType=atomic: nothing',
      { given: field('args', t.array(t.string), { markers: [mk('listType', 'atomic')] }), want: {} },
    ],
    [
      'list-map inside an atomic list: not read, dropped',
      {
        given: field('groups', t.array(t.object([field('ports', t.array(t.ref('Port')), { markers: [mk('listType', 'map'), mk('listMapKey', 'name')] })]))),
        extra: [port],
        want: {},
      },
    ],
    [
      'scalar with validation (enum, pattern, bounds, default, CEL): a bare leaf',
      {
        given: field('mode', t.literals('a', 'b'), {
          markers: [mk(`${V}Pattern`, '^[ab]$'), mk('kubebuilder:default', 'a'), mk(`${V}XValidation`, { rule: 'self != ""' })],
        }),
        want: {},
      },
    ],
    ['unknown: preserve-unknown-fields kept', { given: field('raw', t.unknown), want: { 'x-kubernetes-preserve-unknown-fields': true } }],
    [
      'embedded resource: the flags (preserve, embedded)',
      {
        given: field('template', t.unknown, { markers: [mk(`${V}EmbeddedResource`)] }),
        want: { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, extra, want }) => {
    expect(specSkeleton([given], extra)?.properties?.[given.name]).toEqual(want);
  });

  it('a whole kind: root metadata left out, apiVersion and kind kept, properties sorted', () => {
    const m = model([
      version('v1', [
        kind('Widget', [field('spec', t.ref('WidgetSpec'), { optional: true }), field('status', t.ref('WidgetStatus'), { optional: true })]),
        struct('WidgetSpec', [
          field('zeta', t.string),
          field('ports', t.array(t.ref('Port')), { markers: [mk('listType', 'map'), mk('listMapKey', 'name')] }),
          field('alpha', t.map(t.string), { optional: true }),
        ]),
        struct('WidgetStatus', [field('conditions', t.array(t.wk('Condition')), { optional: true, markers: [mk('listType', 'map'), mk('listMapKey', 'type')] })]),
        port,
      ]),
    ]);
    const got = mergeSkeletons(m, { version: 'v0.0.0' }).get('example.com/v1/Widget');
    expect(got).toEqual({
      properties: {
        apiVersion: {},
        kind: {},
        spec: {
          properties: {
            alpha: { additionalProperties: {} },
            ports: { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { properties: { name: {}, port: {}, protocol: {} } } },
            zeta: {},
          },
        },
        status: {
          properties: {
            conditions: {
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['type'],
              items: { properties: { lastTransitionTime: {}, message: {}, observedGeneration: {}, reason: {}, status: {}, type: {} } },
            },
          },
        },
      },
    });
    expect(Object.keys(got!.properties!)).toEqual(['apiVersion', 'kind', 'spec', 'status']);
    expect(Object.keys(got!.properties!['spec']!.properties!)).toEqual(['alpha', 'ports', 'zeta']);
  });

  it('one skeleton per CRD version; no skeleton for the core group or a crd-skipped package', () => {
    const v1 = version('v1', [kind('Widget', [field('spec', t.object([field('a', t.string)]))])]);
    const v2 = version('v2', [kind('Widget', [field('spec', t.object([field('b', t.map(t.string))]))])]);
    const skipped = version('v3', [kind('Gadget', [field('spec', t.object([field('c', t.string)]))])], 'example.com', { crdSkip: true });
    const core = version('v1', [kind('Endpoints', [field('subsets', t.array(t.object([field('x', t.string)])))])], '');
    const m = model([v1, v2, skipped]);
    m.groups.push({ name: '', goName: 'core', dir: 'core', versions: [core] });
    const got = mergeSkeletons(m, { version: 'v0.0.0' });
    expect([...got.keys()].sort()).toEqual(['example.com/v1/Widget', 'example.com/v2/Widget']);
    expect(got.get('example.com/v2/Widget')?.properties?.['spec']).toEqual({ properties: { b: { additionalProperties: {} } } });
  });
});

describe('mergeSkeleton of schema nodes the builder does not emit from TS types', () => {
  const cases: [string, { given: Parameters<typeof mergeSkeleton>[0]; want: MergeSkeleton }][] = [
    ['additionalProperties: true', { given: { type: 'object', additionalProperties: true }, want: { additionalProperties: true } }],
    ['additionalProperties: false is no map', { given: { type: 'object', additionalProperties: false }, want: {} }],
    ['listType=map without keys merges atomically', { given: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object' } }, want: {} }],
    ['mapType=granular is the default', { given: { type: 'object', 'x-kubernetes-map-type': 'granular', properties: { a: { type: 'string' } } }, want: { properties: { a: {} } } }],
    [
      'atomic map that preserves unknown fields: atomic only',
      { given: { type: 'object', 'x-kubernetes-map-type': 'atomic', 'x-kubernetes-preserve-unknown-fields': true }, want: { 'x-kubernetes-map-type': 'atomic' } },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(mergeSkeleton(given)).toEqual(want);
  });
});

describe('printLiteral: laid out as Prettier lays it out', () => {
  const PRETTIER = { parser: 'typescript', printWidth: 120, singleQuote: true } as const;
  const wide = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`field${i}`, {}]));
  const cases: [string, { given: LiteralValue; want: string }][] = [
    ['empty object', { given: {}, want: 'const x = {};' }],
    ['short object on one line', { given: { a: {}, 'x-b': ['k'] }, want: "const x = { a: {}, 'x-b': ['k'] };" }],
    [
      'too wide: one entry per line, inner objects kept flat where they fit',
      { given: { wide, small: { a: true } }, want: `const x = {\n  wide: {\n${Object.keys(wide).map((k) => `    ${k}: {},`).join('\n')}\n  },\n  small: { a: true },\n};` },
    ],
  ];
  it.each(cases)('%s', async (_name, { given, want }) => {
    const got = printLiteral(given, 0, 'const x = ', ';');
    expect(got).toBe(want);
    expect(await prettier.format(`${got}\n`, PRETTIER)).toBe(`${got}\n`);
  });

  it('keys that are no identifiers are quoted, identifiers (reserved words too) are bare; Prettier agrees', async () => {
    const given = { default: {}, class: {}, $ref: {}, 'a-b': {}, '1x': {}, "it's": {}, 'a"b': {}, x_1: 'it\'s "q"' };
    const got = printLiteral(given, 0, 'const x = ', ';');
    expect(got).toContain('default: {}, class: {}, $ref: {}, \'a-b\': {}, \'1x\': {}, "it\'s": {}, \'a"b\': {}');
    expect(await prettier.format(`${got}\n`, PRETTIER)).toBe(`${got}\n`);
  });

  it('quote escapes backslashes and the quote it uses', () => {
    expect(quote('a\\b')).toBe("'a\\\\b'");
    expect(quote("it's")).toBe('"it\'s"');
    expect(flatLiteral([1, true, null, 'x'])).toBe("[1, true, null, 'x']");
  });
});
