/** Property: any model the type language can express yields a CRD both checkers accept, deterministically. */
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCrds } from '../../../src/generators/crd/index.js';
import type { Field, TypeExpr, WellKnownName } from '../../../src/model/types.js';
import { checkStructuralCrd } from '../../crd/structural.js';
import { field, t, widgetModel } from './build.js';

const OPTS = { runtimeImport: '@kubegen/runtime', boilerplate: '', importExtension: '.js' as const, version: 'v0' };
const WELL_KNOWN: WellKnownName[] = [
  'Time',
  'MicroTime',
  'Duration',
  'Quantity',
  'IntOrString',
  'Condition',
  'LabelSelector',
  'RawExtension',
  'ObjectMeta',
  'OwnerReference',
];
const NAME = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/);

const typeExpr: fc.Arbitrary<TypeExpr> = fc.letrec<{ t: TypeExpr }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(t.string, t.bool, t.number, t.int32, t.int64, t.float64, t.unknown),
    fc
      .uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 })
      .map((vs) => t.literals(...vs)),
    fc.constantFrom(...WELL_KNOWN).map((n) => t.wk(n)),
    tie('t').map((x) => t.array(x)),
    tie('t').map((x) => t.map(x)),
    tie('t')
      .filter((x) => x.kind !== 'nullable')
      .map((x) => t.nullable(x)),
    fc
      .uniqueArray(fc.record({ name: NAME, type: tie('t'), optional: fc.boolean() }), {
        selector: (r) => r.name,
        maxLength: 4,
      })
      .map((fs) => t.object(fs.map((f) => field(f.name, f.type, { optional: f.optional })))),
  ),
})).t;

const fields: fc.Arbitrary<Field[]> = fc
  .uniqueArray(fc.record({ name: NAME, type: typeExpr, optional: fc.boolean() }), {
    selector: (r) => r.name,
    minLength: 1,
    maxLength: 6,
  })
  .map((fs) => fs.map((f) => field(f.name, f.type, { optional: f.optional })));

describe('schema generation properties', () => {
  it('every expressible shape gives an accepted, structural, deterministic CRD', () => {
    fc.assert(
      fc.property(fields, (fs) => {
        const m = widgetModel(fs);
        const r = generateCrds(m, OPTS);
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(r.files).toHaveLength(1);
        expect(checkStructuralCrd(yaml.load(r.files[0]!.content))).toEqual([]);
        expect(generateCrds(m, OPTS).files[0]!.content).toBe(r.files[0]!.content);
      }),
      { numRuns: 150 },
    );
  });
});
