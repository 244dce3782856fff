/**
 * The fake clientset's schema constants (src/generators/fake/emit.ts): shared versions and parts, names,
 * declaration order — and the declarations, evaluated, give back exactly the skeletons they were made of.
 */
import * as prettier from 'prettier';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { planSchemas, SHARE_MIN_LENGTH, type SchemaInput } from '../../../src/generators/fake/emit.js';
import type { MergeSkeleton } from '../../../src/generators/fake/schema.js';

const conditions: MergeSkeleton = {
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: { properties: { lastTransitionTime: {}, message: {}, observedGeneration: {}, reason: {}, status: {}, type: {} } },
};
const secretRef: MergeSkeleton = { properties: { key: {}, name: {}, namespace: {}, optional: {}, 'x-very-long-field-name-to-pass-the-limit': {} } };
const small: MergeSkeleton = { properties: { a: {}, b: {} } };
const flags: MergeSkeleton = { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-map-type': 'atomic' };

const kind = (spec: Record<string, MergeSkeleton>, status: Record<string, MergeSkeleton> = {}): MergeSkeleton => ({
  properties: { apiVersion: {}, kind: {}, spec: { properties: spec }, status: { properties: status } },
});

/** Evaluates the declarations (types stripped by the TypeScript compiler) and returns each input's value. */
function evaluate(plan: { declarations: string[]; refs: string[] }): unknown[] {
  const src = `type MergeSchema = object;\n${plan.declarations.join('\n')}\nreturn [${plan.refs.join(', ')}];`;
  const js = ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  return new Function(js)() as unknown[];
}

function names(plan: { declarations: string[] }): string[] {
  return plan.declarations.map((d) => /^const (\w+)/.exec(d)![1]!);
}

describe('planSchemas', () => {
  const cases: [string, { given: SchemaInput[]; wantNames: string[]; wantRefs: string[] }][] = [
    [
      'a recurring large part is declared once, before the constants that use it',
      {
        given: [
          { name: 'aV1FooSchema', skeleton: kind({ x: {} }, { conditions, a: {} }) },
          { name: 'aV1BarSchema', skeleton: kind({ y: {} }, { conditions, b: {} }) },
        ],
        wantNames: ['sharedConditions', 'aV1FooSchema', 'aV1BarSchema'],
        wantRefs: ['aV1FooSchema', 'aV1BarSchema'],
      },
    ],
    [
      'versions with equal skeletons share the first one’s constant',
      {
        given: [
          { name: 'aV1FooSchema', skeleton: kind({ x: small }) },
          { name: 'aV1beta1FooSchema', skeleton: kind({ x: small }) },
        ],
        wantNames: ['aV1FooSchema'],
        wantRefs: ['aV1FooSchema', 'aV1FooSchema'],
      },
    ],
    [
      'small parts and flag-only parts stay inline even when they recur',
      {
        given: [
          { name: 'aV1FooSchema', skeleton: kind({ s: small, f: flags }) },
          { name: 'aV1BarSchema', skeleton: kind({ t: small, g: flags, z: {} }) },
        ],
        wantNames: ['aV1FooSchema', 'aV1BarSchema'],
        wantRefs: ['aV1FooSchema', 'aV1BarSchema'],
      },
    ],
    [
      'a part inside a recurring part is not declared apart when it only comes along with it',
      {
        given: [
          { name: 'aV1FooSchema', skeleton: kind({ tls: { properties: { caSecret: secretRef, insecure: {} } }, x: {} }) },
          { name: 'aV1BarSchema', skeleton: kind({ tls: { properties: { caSecret: secretRef, insecure: {} } }, y: {} }) },
        ],
        wantNames: ['sharedTls', 'aV1FooSchema', 'aV1BarSchema'],
        wantRefs: ['aV1FooSchema', 'aV1BarSchema'],
      },
    ],
    [
      'nested sharing: the inner part first; names from field names, made identifiers, deduplicated',
      {
        given: [
          { name: 'aV1FooSchema', skeleton: kind({ 'ca-secret': secretRef, tls: { properties: { ref: secretRef, more: small, other: {} } } }) },
          { name: 'aV1BarSchema', skeleton: kind({ tls: { properties: { ref: secretRef, more: small, other: {} } } }) },
          { name: 'aV1BazSchema', skeleton: kind({ x: { additionalProperties: { properties: { ref: secretRef, more: small, other: {}, pad: {} } } } }) },
          { name: 'aV1QuxSchema', skeleton: kind({ y: { 'x-kubernetes-preserve-unknown-fields': true, additionalProperties: { properties: { ref: secretRef, more: small, other: {}, pad: {} } } } }) },
        ],
        wantNames: ['sharedCaSecret', 'sharedTls', 'aV1FooSchema', 'aV1BarSchema', 'sharedXValue', 'aV1BazSchema', 'aV1QuxSchema'],
        wantRefs: ['aV1FooSchema', 'aV1BarSchema', 'aV1BazSchema', 'aV1QuxSchema'],
      },
    ],
    [
      'a shared name never takes a resource constant’s name',
      {
        given: [
          { name: 'sharedConditions', skeleton: kind({}, { conditions, a: {} }) },
          { name: 'aV1BarSchema', skeleton: kind({ y: {} }, { conditions, b: {} }) },
        ],
        wantNames: ['sharedConditions2', 'sharedConditions', 'aV1BarSchema'],
        wantRefs: ['sharedConditions', 'aV1BarSchema'],
      },
    ],
  ];
  it.each(cases)('%s', async (_name, { given, wantNames, wantRefs }) => {
    const plan = planSchemas(given);
    expect(names(plan)).toEqual(wantNames);
    expect(plan.refs).toEqual(wantRefs);
    // Exactly the skeletons, in the declared order (a reference before its declaration would throw).
    expect(evaluate(plan)).toEqual(given.map((g) => g.skeleton));
    const text = `${plan.declarations.join('\n')}\n`;
    expect(await prettier.format(text, { parser: 'typescript', printWidth: 120, singleQuote: true })).toBe(text);
  });

  it('shares only parts at least SHARE_MIN_LENGTH long on one line', () => {
    expect(JSON.stringify(small).length).toBeLessThan(SHARE_MIN_LENGTH);
    const plan = planSchemas([
      { name: 'aSchema', skeleton: kind({ c: conditions }) },
      { name: 'bSchema', skeleton: kind({ d: conditions, e: {} }) },
    ]);
    expect(plan.declarations[0]).toMatch(/^const sharedC: MergeSchema = \{/);
    expect(plan.declarations[1]).toContain('c: sharedC');
    expect(plan.declarations[2]).toContain('d: sharedC');
  });

  it('is deterministic', () => {
    const given = [
      { name: 'aSchema', skeleton: kind({ c: conditions, s: secretRef }) },
      { name: 'bSchema', skeleton: kind({ d: conditions, s: secretRef }) },
    ];
    expect(planSchemas(given)).toEqual(planSchemas(structuredClone(given)));
  });
});
