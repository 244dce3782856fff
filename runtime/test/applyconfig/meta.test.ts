import { describe, expect, it } from 'vitest';
import {
  condition,
  extractInto,
  labelSelector,
  labelSelectorRequirement,
  ObjectApplyConfigurationBuilder,
  objectMeta,
  ownerReference,
} from '../../src/applyconfig/meta.js';

class WidgetBuilder extends ObjectApplyConfigurationBuilder {
  declare spec?: { size?: number; tags?: string[] };
  declare status?: { ready?: boolean };
  withSpec(value: { size?: number; tags?: string[] }): this {
    this.spec = value;
    return this;
  }
}

/** What the body of an apply request would be: a JSON round trip. */
const body = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** Own enumerable data only, recursively: no undefined values, no functions (what structuredClone keeps). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'function') throw new Error('a function among the own properties');
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) throw new Error(`own property ${k} is undefined`);
    out[k] = plain(x);
  }
  return out;
}

describe('ObjectApplyConfigurationBuilder', () => {
  const cases: [string, { build: () => ObjectApplyConfigurationBuilder; want: unknown }][] = [
    ['name only', { build: () => new WidgetBuilder('x.io/v1', 'Widget', 'w'), want: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w' } } }],
    [
      'namespace, labels merged across calls, annotations',
      {
        build: () =>
          new WidgetBuilder('x.io/v1', 'Widget', 'w', 'ns').withLabels({ a: '1', b: '1' }).withLabels({ b: '2', c: '3' }).withAnnotations({ note: 'x' }),
        want: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns', labels: { a: '1', b: '2', c: '3' }, annotations: { note: 'x' } } },
      },
    ],
    [
      'finalizers and owner references append',
      {
        build: () =>
          new WidgetBuilder('x.io/v1', 'Widget', 'w')
            .withFinalizers('a')
            .withFinalizers('b', 'c')
            .withOwnerReferences(ownerReference().withApiVersion('v1').withKind('ConfigMap').withName('cm').withUid('u1').withController(true)),
        want: {
          apiVersion: 'x.io/v1',
          kind: 'Widget',
          metadata: { name: 'w', finalizers: ['a', 'b', 'c'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u1', controller: true }] },
        },
      },
    ],
    [
      'the last call of a setter wins; generateName without a name',
      {
        build: () => new WidgetBuilder('x.io/v1', 'Widget').withGenerateName('w-').withApiVersion('x.io/v2').withKind('Gadget').withResourceVersion('7'),
        want: { apiVersion: 'x.io/v2', kind: 'Gadget', metadata: { generateName: 'w-', resourceVersion: '7' } },
      },
    ],
    [
      'a subclass field',
      { build: () => new WidgetBuilder('x.io/v1', 'Widget', 'w').withSpec({ size: 2 }), want: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2 } } },
    ],
  ];
  it.each(cases)('%s: the builder is exactly the apply body', (_name, { build, want }) => {
    const b = build();
    expect(body(b)).toStrictEqual(want);
    // No undefined keys and no methods among the own properties: the object itself is the body.
    expect(plain(b)).toStrictEqual(want);
    expect(JSON.stringify(b)).toBe(JSON.stringify(want));
  });

  it('withLabels does not modify a record passed earlier', () => {
    const first = { a: '1' };
    const b = new WidgetBuilder('x.io/v1', 'Widget', 'w').withLabels(first).withLabels({ b: '2' });
    expect(first).toStrictEqual({ a: '1' });
    expect(b.metadata?.labels).toStrictEqual({ a: '1', b: '2' });
    expect(b.getName()).toBe('w');
    expect(b.getNamespace()).toBeUndefined();
  });
});

describe('meta/v1 builders', () => {
  const cases: [string, { build: () => object; want: unknown }][] = [
    [
      'objectMeta',
      {
        build: () => objectMeta().withName('a').withLabels({ x: '1' }).withLabels({ y: '2' }).withFinalizers('f').withDeletionGracePeriodSeconds(30),
        want: { name: 'a', labels: { x: '1', y: '2' }, finalizers: ['f'], deletionGracePeriodSeconds: 30 },
      },
    ],
    [
      'condition',
      {
        build: () => condition().withType('Ready').withStatus('True').withReason('Done').withMessage('ok').withLastTransitionTime('2026-01-01T00:00:00Z'),
        want: { type: 'Ready', status: 'True', reason: 'Done', message: 'ok', lastTransitionTime: '2026-01-01T00:00:00Z' },
      },
    ],
    [
      'labelSelector with requirements',
      {
        build: () =>
          labelSelector()
            .withMatchLabels({ app: 'a' })
            .withMatchExpressions(labelSelectorRequirement().withKey('tier').withOperator('In').withValues('web').withValues('api')),
        want: { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
      },
    ],
    ['an empty builder is {}', { build: () => objectMeta(), want: {} }],
  ];
  it.each(cases)('%s', (_name, { build, want }) => {
    const b = build();
    expect(plain(b)).toStrictEqual(want);
    expect(body(b)).toStrictEqual(want);
  });
});

describe('extractInto', () => {
  const obj = {
    apiVersion: 'x.io/v1',
    kind: 'Widget',
    metadata: {
      name: 'w',
      namespace: 'ns',
      labels: { mine: '1', theirs: '2' },
      managedFields: [
        { manager: 'me', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:mine': {} } }, 'f:spec': { 'f:size': {} } } },
        { manager: 'me', operation: 'Apply', subresource: 'status', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:ready': {} } } },
      ],
    },
    spec: { size: 3, tags: ['x'] },
    status: { ready: true },
  };

  const cases: [string, { manager: string; subresource?: string; want: unknown }][] = [
    [
      'the main resource',
      { manager: 'me', want: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns', labels: { mine: '1' } }, spec: { size: 3 } } },
    ],
    ['the status subresource', { manager: 'me', subresource: 'status', want: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, status: { ready: true } } }],
    ['a manager that never applied', { manager: 'other', want: { apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' } } }],
  ];
  it.each(cases)('%s', (_name, { manager, subresource, want }) => {
    const b = extractInto(new WidgetBuilder('x.io/v1', 'Widget'), obj, manager, subresource);
    expect(b).toBeInstanceOf(WidgetBuilder);
    expect(plain(b)).toStrictEqual(want);
  });

  it('the result chains and leaves the object untouched', () => {
    const b = extractInto(new WidgetBuilder('x.io/v1', 'Widget'), obj, 'me').withLabels({ added: 'y' });
    expect(b.metadata?.labels).toStrictEqual({ mine: '1', added: 'y' });
    expect(obj.metadata.labels).toStrictEqual({ mine: '1', theirs: '2' });
  });
});
