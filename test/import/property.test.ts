/**
 * Property: for random structural schemas built from everything import understands (scalars with formats,
 * enums and validations, int-or-string, quantities, preserve-unknown, arrays, maps, nested objects with
 * required fields and CEL rules, nullable, descriptions, defaults, examples, embedded resources), import →
 * generate crd gives the same CRD. IMPORT_PROP_RUNS / IMPORT_PROP_SEED change the run count and seed.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { QUANTITY_PATTERN } from '../../src/generators/crd/wellknown.js';
import { crdDocuments, normaliseCrd, roundTrip, type RoundTrip } from './roundtrip.js';

type Schema = Record<string, unknown>;

const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'] as const;
const WORDS = fc.constantFrom('Desired', 'state', 'of the', 'thing.', 'More:', 'see `spec.x`', '(optional)', 'one\nper line');
const description = fc.option(fc.array(WORDS, { minLength: 1, maxLength: 5 }).map((w) => w.join(' ')), { nil: undefined });

const withCommon = (s: fc.Arbitrary<Schema>): fc.Arbitrary<Schema> =>
  fc.record({ s, description, nullable: fc.boolean() }).map(({ s, description, nullable }) => ({
    ...s,
    ...(description !== undefined ? { description } : {}),
    ...(nullable ? { nullable: true } : {}),
  }));

const stringSchema: fc.Arbitrary<Schema> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.constant({ type: 'string', format: 'date-time' }),
  fc.constantFrom('byte', 'uri', 'hostname').map((format) => ({ type: 'string', format })),
  fc.uniqueArray(fc.constantFrom('Always', 'Never', 'IfNotPresent', '', "it's"), { minLength: 1, maxLength: 4 }).map((e) => ({ type: 'string', enum: e })),
  fc.record({ minLength: fc.nat(3), maxLength: fc.integer({ min: 4, max: 64 }), pattern: fc.constantFrom('^[a-z]+$', '^(a|b)*$', '^\\d{3}-[A-Z]$') }).map((v) => ({
    type: 'string',
    ...v,
  })),
);
const numberSchema: fc.Arbitrary<Schema> = fc.oneof(
  fc.record({ format: fc.constantFrom('int32', 'int64'), minimum: fc.integer({ min: -5, max: 0 }), maximum: fc.integer({ min: 1, max: 100 }) }).map((v) => ({ type: 'integer', ...v })),
  fc.constant({ type: 'integer' }),
  fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }).map((e) => ({ type: 'integer', enum: e })),
  fc.record({ minimum: fc.constantFrom(0, 0.5), exclusiveMinimum: fc.boolean() }).map((v) => ({ type: 'number', ...v })),
  fc.constant({ type: 'boolean' }),
);
const annotated: fc.Arbitrary<Schema> = fc.oneof(
  fc.uniqueArray(fc.constantFrom('Fast', 'Safe', 'Off'), { minLength: 1, maxLength: 3 }).map((e) => ({ type: 'string', enum: e, default: e[0] })),
  fc.constant({ type: 'integer', format: 'int32', minimum: 0, maximum: 10, default: 5 }),
  fc.constant({ type: 'string', title: 'Title', example: 'an example', default: '' }),
  fc.constant({ type: 'string', externalDocs: { url: 'https://example.com/docs', description: 'Docs' } }),
  fc.constant({ type: 'object', additionalProperties: { type: 'string' }, minProperties: 1, maxProperties: 4 }),
  fc.constant({ type: 'object', properties: { version: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true }),
  fc.constant({
    type: 'object',
    'x-kubernetes-embedded-resource': true,
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } },
  }),
  fc.constant({ type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true }),
);
const special: fc.Arbitrary<Schema> = fc.constantFrom(
  { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
  { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: QUANTITY_PATTERN },
  { 'x-kubernetes-preserve-unknown-fields': true },
  { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
);
const scalar = withCommon(fc.oneof(stringSchema, numberSchema));

// Defaults, examples and embedded resources are field markers: `annotated` stands only as a property.
const schema: fc.Arbitrary<Schema> = fc.letrec<{ node: Schema; field: Schema }>((tie) => ({
  field: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('node'), annotated),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    special,
    // A set of scalars, or a list of anything.
    fc.record({ items: fc.oneof(stringSchema, numberSchema).filter((i) => i['type'] !== 'boolean'), maxItems: fc.integer({ min: 1, max: 10 }) }).map(({ items, maxItems }) => ({
      type: 'array',
      items,
      maxItems,
      'x-kubernetes-list-type': 'set',
    })),
    withCommon(fc.record({ items: tie('node'), atomic: fc.boolean() }).map(({ items, atomic }) => ({ type: 'array', items, ...(atomic ? { 'x-kubernetes-list-type': 'atomic' } : {}) }))),
    withCommon(fc.record({ values: tie('node'), atomic: fc.boolean() }).map(({ values, atomic }) => ({ type: 'object', additionalProperties: values, ...(atomic ? { 'x-kubernetes-map-type': 'atomic' } : {}) }))),
    withCommon(
      fc
        .record({
          props: fc.dictionary(fc.constantFrom(...NAMES), tie('field'), { minKeys: 1, maxKeys: 3 }),
          requiredMask: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
          rule: fc.boolean(),
        })
        .map(({ props, requiredMask, rule }) => {
          const names = Object.keys(props);
          const required = names.filter((_, i) => requiredMask[i]);
          return {
            type: 'object',
            properties: props,
            ...(required.length > 0 ? { required } : {}),
            ...(rule ? { 'x-kubernetes-validations': [{ rule: `has(self.${names[0]}) || true`, message: 'always true' }] } : {}),
          };
        }),
    ),
  ),
}))['field'];

const trips: RoundTrip[] = [];
afterAll(() => trips.forEach((t) => t.cleanup()));

describe('random schemas survive import → generate', () => {
  it('for every generated schema', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...NAMES), schema, { minKeys: 1, maxKeys: 4 }), (props) => {
        const crd = {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'randoms.example.com' },
          spec: {
            group: 'example.com',
            names: { kind: 'Random', plural: 'randoms' },
            scope: 'Namespaced',
            versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: props } } } } }],
          },
        };
        const text = JSON.stringify(crd);
        const t = roundTrip([{ path: 'random.yaml', text }], ['crd']);
        trips.push(t);
        expect(t.imported.diagnostics).toEqual([]);
        expect(t.generated?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const original = crdDocuments(text)[0]!;
        expect(normaliseCrd(t.crds.get('example.com/Random')!, original)).toEqual(normaliseCrd(original));
        t.cleanup();
      }),
      { numRuns: Number(process.env["IMPORT_PROP_RUNS"] ?? 60), seed: Number(process.env["IMPORT_PROP_SEED"] ?? 20261123) },
    );
  });
});
