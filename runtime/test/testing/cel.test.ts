/**
 * x-kubernetes-validations on writes to the test API server (runtime/src/testing/cel.ts): rules with
 * messages, messageExpression, reason and fieldPath; transition rules only on updates; list-map items
 * correlated by key; a missing key fails as on the apiserver; rules this CEL engine cannot evaluate
 * (Kubernetes' own libraries) never reject.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { celCauses } from '../../src/testing/cel.js';
import type { JSONSchemaProps } from '../../src/testing/schema.js';
import { startTestApiServer, type TestApiServer } from '../../src/testing/index.js';
import { client } from './http.js';

const spec: JSONSchemaProps = {
  type: 'object',
  'x-kubernetes-validations': [
    { rule: 'self.min <= self.max', messageExpression: "'min (' + string(self.min) + ') exceeds max (' + string(self.max) + ')'" },
    { rule: "!has(self.mode) || self.mode != 'legacy'", message: 'legacy mode is gone', reason: 'FieldValueForbidden', fieldPath: '.mode' },
  ],
  properties: {
    min: { type: 'integer' },
    max: { type: 'integer' },
    mode: { type: 'string' },
    name: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'name is immutable' }] },
    path: { type: 'string', 'x-kubernetes-validations': [{ rule: "self.startsWith('/')" }] },
    size: { type: 'string', 'x-kubernetes-validations': [{ rule: "quantity(self).isLessThan(quantity('1Gi'))", message: 'too big' }] },
    limits: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.cpu > 0' }], properties: { cpu: { type: 'integer' } } },
    ports: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, port: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'ports only grow' }] } },
      },
    },
  },
};
const schema: JSONSchemaProps = { type: 'object', properties: { spec } };
const obj = (s: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'x' }, spec: { min: 1, max: 2, ...s } });

describe('celCauses', () => {
  it.each<[string, { given: Record<string, unknown>; old?: Record<string, unknown>; want: { field: string; reason: string; message: string }[] }]>([
    ['a valid object', { given: obj({ name: 'a', path: '/x' }), want: [] }],
    ['messageExpression with ints', { given: obj({ min: 5, max: 2 }), want: [{ field: 'spec', reason: 'FieldValueInvalid', message: 'Invalid value: "object": min (5) exceeds max (2)' }] }],
    ['reason and fieldPath', { given: obj({ mode: 'legacy' }), want: [{ field: 'spec.mode', reason: 'FieldValueForbidden', message: 'Forbidden: legacy mode is gone' }] }],
    ['no message: failed rule', { given: obj({ path: 'relative' }), want: [{ field: 'spec.path', reason: 'FieldValueInvalid', message: `Invalid value: "string": failed rule: self.startsWith('/')` }] }],
    ['a missing key fails as on the apiserver', { given: obj({ limits: {} }), want: [{ field: 'spec.limits', reason: 'FieldValueInvalid', message: 'Invalid value: "object": no such key: cpu evaluating rule: self.cpu > 0' }] }],
    ['Kubernetes-only functions are not checked', { given: obj({ size: '10Gi' }), want: [] }],
    ['transition rules are skipped on create', { given: obj({ name: 'a', ports: [{ name: 'http', port: 80 }] }), want: [] }],
    ['an unchanged immutable field passes on update', { given: obj({ name: 'a' }), old: obj({ name: 'a' }), want: [] }],
    ['a changed immutable field fails on update', { given: obj({ name: 'b' }), old: obj({ name: 'a' }), want: [{ field: 'spec.name', reason: 'FieldValueInvalid', message: 'Invalid value: "string": name is immutable' }] }],
    [
      'list-map items compare with the old item of the same key, wherever it moved',
      {
        given: obj({ ports: [{ name: 'new', port: 1 }, { name: 'http', port: 79 }] }),
        old: obj({ ports: [{ name: 'http', port: 80 }] }),
        want: [{ field: 'spec.ports[1].port', reason: 'FieldValueInvalid', message: 'Invalid value: "integer": ports only grow' }],
      },
    ],
  ])('%s', (_name, { given, old, want }) => {
    expect(celCauses(schema, given, old)).toEqual(want);
  });
});

describe('the test API server evaluates the rules of a CRD', () => {
  let server: TestApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('refuses a create and an update that break rules with 422 and field causes, and skips them when types are wrong', async () => {
    server = await startTestApiServer({
      crds: [
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'foos.example.com' },
          spec: {
            group: 'example.com',
            names: { plural: 'foos', singular: 'foo', kind: 'Foo', listKind: 'FooList' },
            scope: 'Namespaced',
            versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
          },
        },
      ],
    });
    const http = client(server);
    const base = '/apis/example.com/v1/namespaces/default/foos';
    const bad = await http.call('POST', base, obj({ min: 3, max: 1 }));
    expect(bad.status).toBe(422);
    expect(bad.body.reason).toBe('Invalid');
    expect(bad.body.message).toBe('Foo.example.com "x" is invalid: spec: Invalid value: "object": min (3) exceeds max (1)');
    expect(bad.body.details.causes).toEqual([{ reason: 'FieldValueInvalid', field: 'spec', message: 'Invalid value: "object": min (3) exceeds max (1)' }]);

    const created = await http.call('POST', base, obj({ name: 'a' }));
    expect(created.status).toBe(201);
    const changed = await http.call('PUT', `${base}/x`, { ...created.body, spec: { ...created.body.spec, name: 'b' } });
    expect(changed.status).toBe(422);
    expect(changed.body.details.causes).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.name', message: 'Invalid value: "string": name is immutable' }]);
    const same = await http.call('PUT', `${base}/x`, { ...created.body, spec: { ...created.body.spec, max: 9 } });
    expect(same.status).toBe(200);

    const wrongType = await http.call('POST', base, { ...obj({}), metadata: { name: 'y' }, spec: { min: 'one', max: 0 } });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.details.causes.map((c: { field: string }) => c.field)).toEqual(['spec.min', '<nil>']);
  });
});
