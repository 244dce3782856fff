/**
 * Property tests of the generated deep-copy code, on every golden fixture: for random values of every
 * type with a `deepCopy<Type>` function, the copy deep-equals the value, shares no object or array with
 * it, and equals `structuredClone(value)`.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hasDeepCopyFunction } from '../../../src/generators/deepcopy/view.js';
import { allFields, allPackages, resolveRef } from '../../../src/model/query.js';
import type { ApiModel, Field, TypeExpr, WellKnownName } from '../../../src/model/types.js';
import { generateFiles } from '../../../src/pipeline.js';
import { goldenCases, goldenConfig, materialize, REPO_ROOT } from '../../util/fixtures.js';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'deepcopy-property');
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

type Arb = fc.Arbitrary<unknown>;
const MAX_DEPTH = 4;

const str = fc.string({ maxLength: 8 });
// Keys that name Object.prototype members are ordinary keys in API maps: a copy must keep them own keys.
const key = fc.oneof({ weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString') }, { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 5 }) });
const strMap = fc.dictionary(key, str, { maxKeys: 3 });
const time = fc.constantFrom('2026-01-02T03:04:05Z', '2020-02-29T23:59:59Z');

function wellKnown(name: WellKnownName): Arb {
  const ownerRef = fc.record(
    { apiVersion: str, kind: str, name: str, uid: str, controller: fc.boolean(), blockOwnerDeletion: fc.boolean() },
    { requiredKeys: ['apiVersion', 'kind', 'name', 'uid'] },
  );
  const managed = fc.record(
    { manager: str, operation: fc.constantFrom('Apply', 'Update'), time, fieldsType: fc.constant('FieldsV1'), fieldsV1: fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
    { requiredKeys: [] },
  );
  const labelSelector = fc.record(
    {
      matchLabels: strMap,
      matchExpressions: fc.array(fc.record({ key: str, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.array(str, { maxLength: 2 }) }, { requiredKeys: ['key', 'operator'] }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
  switch (name) {
    case 'Time':
    case 'MicroTime':
      return time;
    case 'Duration':
    case 'Quantity':
      return fc.constantFrom('1h', '500m', '2Gi', '3');
    case 'IntOrString':
      return fc.oneof(fc.integer(), str);
    case 'TypeMeta':
      return fc.record({ apiVersion: str, kind: str }, { requiredKeys: [] });
    case 'ObjectMeta':
      return fc.record(
        {
          name: str, namespace: str, uid: str, resourceVersion: str, generation: fc.integer({ min: 0 }), creationTimestamp: time,
          labels: strMap, annotations: strMap, ownerReferences: fc.array(ownerRef, { maxLength: 2 }), finalizers: fc.array(str, { maxLength: 2 }),
          managedFields: fc.array(managed, { maxLength: 2 }),
        },
        { requiredKeys: [] },
      );
    case 'ListMeta':
      return fc.record({ resourceVersion: str, continue: str, remainingItemCount: fc.integer({ min: 0 }) }, { requiredKeys: [] });
    case 'OwnerReference':
      return ownerRef;
    case 'ManagedFieldsEntry':
      return managed;
    case 'Condition':
      return fc.record(
        { type: str, status: fc.constantFrom('True', 'False', 'Unknown'), observedGeneration: fc.integer({ min: 0 }), lastTransitionTime: time, reason: str, message: str },
        { requiredKeys: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
      );
    case 'LabelSelector':
      return labelSelector;
    case 'RawExtension':
      return fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
    default:
      return fc.constant({});
  }
}

function arbitrary(model: ApiModel, t: TypeExpr, depth: number): Arb {
  switch (t.kind) {
    case 'primitive':
      return t.type === 'string' ? str : t.type === 'boolean' ? fc.boolean() : t.type === 'integer' ? fc.integer() : fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'literals':
      return fc.constantFrom(...t.values);
    case 'array':
      return depth >= MAX_DEPTH ? fc.constant([]) : fc.array(arbitrary(model, t.items, depth + 1), { maxLength: 3 });
    case 'map':
      return depth >= MAX_DEPTH ? fc.constant({}) : fc.dictionary(key, arbitrary(model, t.values, depth + 1), { maxKeys: 3 });
    case 'object':
      return record(model, t.fields, depth);
    case 'unknown':
      return fc.jsonValue({ maxDepth: 2 });
    case 'nullable':
      return fc.option(arbitrary(model, t.inner, depth), { nil: null });
    case 'well-known':
      return wellKnown(t.name);
    case 'ref': {
      const d = resolveRef(model, t.target);
      if (!d) throw new Error(`unresolved ${t.target.pkg}.${t.target.name}`);
      if (d.declKind === 'alias') return arbitrary(model, d.target, depth);
      return record(model, allFields(model, d), depth);
    }
  }
}

function record(model: ApiModel, fields: readonly Field[], depth: number): Arb {
  const shape: Record<string, Arb> = {};
  const required: string[] = [];
  for (const f of fields) {
    // Beyond the depth limit optional fields are left out, which keeps recursive types finite.
    if (f.tsOptional && depth >= MAX_DEPTH) continue;
    shape[f.name] = arbitrary(model, f.type, depth + 1);
    if (!f.tsOptional) required.push(f.name);
  }
  return fc.record(shape, { requiredKeys: required });
}

/** Every object and array reachable from `v`. */
function objects(v: unknown, out = new Set<unknown>()): Set<unknown> {
  if (typeof v === 'object' && v !== null && !out.has(v)) {
    out.add(v);
    for (const x of Object.values(v)) objects(x, out);
  }
  return out;
}

/** The first path where two JSON values differ (own keys, prototypes, scalars; not key order), else undefined. */
function jsonDiff(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? undefined : `${path}: ${String(a)} !== ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys [${ka.join(', ')}] vs [${kb.join(', ')}]`;
  for (const k of ka) {
    const d = jsonDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

describe.each(goldenCases())('deepCopy properties: %s', (name) => {
  it('copies equal the value and structuredClone, and share nothing with it', async () => {
    const result = generateFiles({ ...goldenConfig(name), generators: ['deepcopy'] });
    expect(result.ok).toBe(true);
    const model = result.model!;
    const dir = join(SCRATCH, name);
    materialize(goldenConfig(name).inputDir, result.files, dir);
    let checked = 0;
    for (const pkg of allPackages(model)) {
      const decls = pkg.types.filter((d) => hasDeepCopyFunction(model, d));
      if (decls.length === 0) continue;
      const mod = (await import(pathToFileURL(join(dir, 'apis', pkg.id, 'zz_generated.deepcopy.ts')).href)) as Record<string, (x: unknown) => unknown>;
      for (const d of decls) {
        const copy = mod[`deepCopy${d.name}`];
        expect(copy, `deepCopy${d.name}`).toBeTypeOf('function');
        // API objects are JSON: plain prototypes, no undefined, no -0 (fast-check builds null-prototype records).
        const arb = arbitrary(model, { kind: 'ref', target: { pkg: d.pkg, name: d.name } }, 0).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
        fc.assert(
          fc.property(arb, (value) => {
            const c = copy!(value);
            // Own-key structural equality (vitest's toStrictEqual compares `.constructor`, which is an
            // ordinary own key in these values).
            expect(jsonDiff(c, value), 'copy vs value').toBeUndefined();
            expect(jsonDiff(c, structuredClone(value)), 'copy vs structuredClone').toBeUndefined();
            const originals = objects(value);
            for (const o of objects(c)) expect(originals.has(o)).toBe(false);
          }),
          // Seeded: the same values on every run (set FC_SEED to explore others).
          { numRuns: 40, seed: Number(process.env['FC_SEED'] ?? 20261123) },
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
