/**
 * The merge skeleton behaves exactly as the full schema it comes from: for every CRD version the golden
 * fixtures generate (and a hand-written schema with the rarer shapes), random sequences of server-side
 * applies by several managers — including values of the wrong shape and undeclared fields — give the same
 * stored objects, managed fields, conflicts and refusals on an object tracker given the full
 * openAPIV3Schema as on one given the skeleton.
 */
import fc from 'fast-check';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ApiError, ObjectTracker, type MergeSchema, type TrackerResource } from '@kubegen/runtime';
import type { CustomResourceDefinition, JSONSchemaProps } from '../../../src/generators/crd/index.js';
import { mergeSkeleton } from '../../../src/generators/fake/schema.js';
import { generateFiles } from '../../../src/pipeline.js';
import { goldenCases, goldenConfig } from '../../util/fixtures.js';

type Json = unknown;

const scalar = (s: JSONSchemaProps): fc.Arbitrary<Json> => {
  if (s['x-kubernetes-int-or-string']) return fc.constantFrom(1, 'x');
  switch (s.type) {
    case 'integer':
      return fc.constantFrom(1, 2);
    case 'number':
      return fc.constantFrom(1, 2.5);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return fc.constantFrom('x', 'y');
    default:
      return fc.constantFrom('x', 1, { q: 1 });
  }
};

/** A value of the wrong shape now and then, and an undeclared field in objects: where a skeleton could differ. */
const WRONG: fc.Arbitrary<Json> = fc.constantFrom('w', 7, ['w'], { zz: 1 }, { zz: { q: [1] } });

/** Values valid (mostly) for `s`, from small pools so managers collide on keys, items and values. */
function valueOf(s: JSONSchemaProps, depth: number): fc.Arbitrary<Json> {
  if (depth > 6) return scalar(s);
  return fc.oneof({ arbitrary: shaped(s, depth), weight: 30 }, { arbitrary: WRONG, weight: 1 });
}

function shaped(s: JSONSchemaProps, depth: number): fc.Arbitrary<Json> {
  if (s.type === 'array' || s.items) {
    const item = s.items ?? {};
    const keys = s['x-kubernetes-list-type'] === 'map' ? (s['x-kubernetes-list-map-keys'] ?? []) : [];
    if (keys.length > 0) {
      const keyArb = fc.record(Object.fromEntries(keys.map((k) => [k, scalar(item.properties?.[k] ?? { type: 'string' })])));
      const rest = objectOf({ ...item, properties: Object.fromEntries(Object.entries(item.properties ?? {}).filter(([k]) => !keys.includes(k))) }, depth + 1);
      return fc.array(fc.tuple(keyArb, rest).map(([k, r]) => ({ ...(r as object), ...k })), { maxLength: 3 });
    }
    return fc.array(valueOf(item, depth + 1), { maxLength: 3 });
  }
  if (s.type === 'object' || s.properties || s.additionalProperties !== undefined || s['x-kubernetes-preserve-unknown-fields']) {
    return objectOf(s, depth);
  }
  return scalar(s);
}

function objectOf(s: JSONSchemaProps, depth: number): fc.Arbitrary<Json> {
  const props = fc.record(
    Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, valueOf(p, depth + 1)])),
    { requiredKeys: [] },
  );
  const ap = s.additionalProperties;
  const extra =
    ap !== undefined && ap !== false
      ? fc.dictionary(fc.constantFrom('k1', 'k2'), valueOf(ap === true ? {} : ap, depth + 1), { maxKeys: 2 })
      : s['x-kubernetes-preserve-unknown-fields']
        ? fc.dictionary(fc.constantFrom('u1', 'u2'), fc.constantFrom('x', 1, { n: 1 }), { maxKeys: 2 })
        : fc.constant({});
  return fc.tuple(props, extra).map(([p, e]) => ({ ...e, ...p }));
}

function configOf(s: JSONSchemaProps, apiVersion: string, kind: string): fc.Arbitrary<Json> {
  const body = { ...s, properties: Object.fromEntries(Object.entries(s.properties ?? {}).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k))) };
  return fc
    .tuple(objectOf(body, 0), fc.option(fc.dictionary(fc.constantFrom('l1', 'l2'), fc.constantFrom('x', 'y'), { maxKeys: 2 }), { nil: undefined }))
    .map(([b, labels]) => ({ ...(b as object), apiVersion, kind, metadata: labels ? { name: 'o', labels } : { name: 'o' } }));
}

interface Step {
  manager: string;
  force: boolean;
  config: Json;
}

/** What each apply of `steps` gives: the stored object (without its uid) or the error. */
function run(r: TrackerResource, steps: readonly Step[]): string[] {
  const tracker = new ObjectTracker([r], () => new Date(Date.UTC(2026, 0, 1)));
  const ns = r.namespaced ? 'default' : '';
  return steps.map((step) => {
    try {
      const o = tracker.patch(r, ns, 'o', 'application/apply-patch+yaml', step.config, { fieldManager: step.manager, force: step.force });
      const { uid: _uid, ...meta } = (o.metadata ?? {}) as Record<string, unknown>;
      return JSON.stringify({ ...o, metadata: meta });
    } catch (e) {
      if (e instanceof ApiError) return `${e.code} ${e.message}`;
      throw e;
    }
  });
}

interface Case {
  name: string;
  schema: JSONSchemaProps;
  resource: Omit<TrackerResource, 'schema'>;
}

function fixtureCases(): Case[] {
  const out: Case[] = [];
  for (const name of goldenCases()) {
    const result = generateFiles({ ...goldenConfig(name), generators: ['crd'] });
    for (const f of result.files.filter((x) => x.root === 'crd')) {
      for (const crd of yaml.loadAll(f.content) as (CustomResourceDefinition | null)[]) {
        if (!crd) continue;
        for (const v of crd.spec.versions) {
          out.push({
            name: `${name}: ${crd.spec.names.kind} ${crd.spec.group}/${v.name}`,
            schema: v.schema!.openAPIV3Schema,
            resource: {
              group: crd.spec.group,
              version: v.name,
              resource: crd.spec.names.plural,
              kind: crd.spec.names.kind,
              listKind: crd.spec.names.listKind ?? `${crd.spec.names.kind}List`,
              namespaced: crd.spec.scope === 'Namespaced',
              statusSubresource: false,
            },
          });
        }
      }
    }
  }
  return out;
}

/** Shapes the fixtures do not have: a list-map in a map, list-maps in an atomic list and in a set's place, embedded metadata. */
const RARE: JSONSchemaProps = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        byZone: {
          type: 'object',
          additionalProperties: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', properties: { name: { type: 'string' }, n: { type: 'integer' }, tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } },
          },
        },
        groups: {
          type: 'array',
          items: {
            type: 'object',
            properties: { ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['p'], items: { type: 'object', properties: { p: { type: 'integer' } } } } },
          },
        },
        anything: { type: 'object', additionalProperties: true },
        frozen: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { a: { type: 'string' }, m: { type: 'object', additionalProperties: { type: 'string' } } } },
        child: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: { type: 'object', properties: { name: { type: 'string' }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
            spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { keep: { type: 'string' } } },
          },
        },
      },
    },
  },
};

const CASES: Case[] = [
  ...fixtureCases(),
  {
    name: 'hand-written: rare shapes',
    schema: RARE,
    resource: { group: 'rare.example.com', version: 'v1', resource: 'rares', kind: 'Rare', listKind: 'RareList', namespaced: true, statusSubresource: false },
  },
];

describe('a merge skeleton behaves as its full schema on the object tracker', () => {
  it('covers every CRD version of the golden fixtures', () => {
    expect(CASES.length).toBeGreaterThan(10);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const full: TrackerResource = { ...c.resource, schema: c.schema as MergeSchema };
    const skeleton: TrackerResource = { ...c.resource, schema: mergeSkeleton(c.schema, true) as MergeSchema };
    const apiVersion = `${c.resource.group}/${c.resource.version}`;
    const step = fc.record({ manager: fc.constantFrom('a', 'b', 'c'), force: fc.boolean(), config: configOf(c.schema, apiVersion, c.resource.kind) });
    let applied = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 4 }), (steps) => {
        const want = run(full, steps);
        applied += want.filter((x) => x.startsWith('{')).length;
        refused += want.filter((x) => !x.startsWith('{')).length;
        expect(run(skeleton, steps)).toEqual(want);
      }),
      { numRuns: 80, seed: 20261123 },
    );
    // Both paths are walked: applies that went through (merged, pruned) and refusals (conflicts, typing).
    expect(applied).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(0);
  });
});
