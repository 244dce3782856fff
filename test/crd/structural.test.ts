/** The independent structural-schema checker itself: each apiserver rule, broken once. */
import { describe, expect, it } from 'vitest';
import { checkStructuralCrd, type StructuralError } from './structural.js';

type S = Record<string, unknown>;

function crd(schema: S, extra: { version?: S; spec?: S; metadata?: S } = {}): S {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', ...extra.metadata },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema }, ...extra.version }],
      ...extra.spec,
    },
  };
}

const root = (props: S, more: S = {}): S => ({ type: 'object', properties: props, ...more });
const P = 'spec.versions[0].schema.openAPIV3Schema';

describe('structural checker', () => {
  it('accepts a well-formed CRD', () => {
    expect(
      checkStructuralCrd(
        crd(
          root({
            metadata: { type: 'object' },
            spec: {
              type: 'object',
              properties: {
                n: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
                l: {
                  type: 'array',
                  items: { type: 'object', properties: { k: { type: 'string' } }, required: ['k'] },
                  'x-kubernetes-list-type': 'map',
                  'x-kubernetes-list-map-keys': ['k'],
                },
                free: { 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          }),
        ),
      ),
    ).toEqual([]);
  });

  const cases: [string, { given: S; want: Pick<StructuralError, 'path' | 'type'>[] }][] = [
    [
      'field without type',
      { given: crd(root({ a: {} })), want: [{ path: `${P}.properties[a].type`, type: 'Required' }] },
    ],
    [
      'array without items',
      { given: crd(root({ a: { type: 'array' } })), want: [{ path: `${P}.properties[a].items`, type: 'Required' }] },
    ],
    ['root not an object', { given: crd({ type: 'string' }), want: [{ path: `${P}.type`, type: 'Invalid' }] }],
    [
      'root nullable',
      { given: crd(root({}, { nullable: true })), want: [{ path: `${P}.nullable`, type: 'Forbidden' }] },
    ],
    [
      'additionalProperties at the root',
      {
        given: crd({ type: 'object', additionalProperties: { type: 'string' } }),
        want: [{ path: `${P}.additionalProperties`, type: 'Forbidden' }],
      },
    ],
    [
      'additionalProperties beside properties',
      {
        given: crd(
          root({
            a: { type: 'object', properties: { b: { type: 'string' } }, additionalProperties: { type: 'string' } },
          }),
        ),
        want: [{ path: `${P}.properties[a].additionalProperties`, type: 'Forbidden' }],
      },
    ],
    [
      'additionalProperties false',
      {
        given: crd(root({ a: { type: 'object', additionalProperties: false } })),
        want: [{ path: `${P}.properties[a].additionalProperties`, type: 'Forbidden' }],
      },
    ],
    [
      'uniqueItems',
      {
        given: crd(root({ a: { type: 'array', items: { type: 'string' }, uniqueItems: true } })),
        want: [{ path: `${P}.properties[a].uniqueItems`, type: 'Forbidden' }],
      },
    ],
    [
      'type inside anyOf',
      {
        given: crd(root({ a: { type: 'string', anyOf: [{ type: 'string' }, { maxLength: 3 }] } })),
        want: [{ path: `${P}.properties[a].anyOf[0].type`, type: 'Forbidden' }],
      },
    ],
    [
      'root metadata restricted',
      {
        given: crd(root({ metadata: { type: 'object', properties: { labels: { type: 'object' } } } })),
        want: [{ path: `${P}.properties[metadata]`, type: 'Forbidden' }],
      },
    ],
    [
      'kind not a string at the root',
      {
        given: crd(root({ kind: { type: 'integer' } })),
        want: [{ path: `${P}.properties[kind].type`, type: 'Invalid' }],
      },
    ],
    [
      'embedded resource not an object',
      {
        given: crd(root({ e: { type: 'string', 'x-kubernetes-embedded-resource': true } })),
        want: [
          { path: `${P}.properties[e].type`, type: 'Invalid' },
          { path: `${P}.properties[e].properties`, type: 'Required' },
        ],
      },
    ],
    [
      'embedded resource without properties',
      {
        given: crd(root({ e: { type: 'object', 'x-kubernetes-embedded-resource': true } })),
        want: [{ path: `${P}.properties[e].properties`, type: 'Required' }],
      },
    ],
    [
      'int-or-string with preserve-unknown',
      {
        given: crd(root({ i: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true } })),
        want: [{ path: `${P}.properties[i].x-kubernetes-preserve-unknown-fields`, type: 'Invalid' }],
      },
    ],
    [
      'preserve-unknown false',
      {
        given: crd(root({ a: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false } })),
        want: [{ path: `${P}.properties[a].x-kubernetes-preserve-unknown-fields`, type: 'Invalid' }],
      },
    ],
    [
      'list type on a string',
      {
        given: crd(root({ a: { type: 'string', 'x-kubernetes-list-type': 'set' } })),
        want: [{ path: `${P}.properties[a].type`, type: 'Invalid' }],
      },
    ],
    [
      'list map key optional',
      {
        given: crd(
          root({
            l: {
              type: 'array',
              items: { type: 'object', properties: { k: { type: 'string' } } },
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['k'],
            },
          }),
        ),
        want: [{ path: `${P}.properties[l].items.properties[k]`, type: 'Required' }],
      },
    ],
    [
      'set of granular objects',
      {
        given: crd(
          root({
            l: {
              type: 'array',
              items: { type: 'object', properties: { k: { type: 'string' } } },
              'x-kubernetes-list-type': 'set',
            },
          }),
        ),
        want: [{ path: `${P}.properties[l].items.x-kubernetes-map-type`, type: 'Invalid' }],
      },
    ],
    [
      'default in top-level metadata',
      {
        given: crd(root({ metadata: { type: 'object', default: {} } })),
        want: [{ path: `${P}.properties[metadata].default`, type: 'Forbidden' }],
      },
    ],
    [
      'rule message on two lines',
      {
        given: crd(root({ a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'true', message: 'a\nb' }] } })),
        want: [{ path: `${P}.properties[a].x-kubernetes-validations[0].message`, type: 'Invalid' }],
      },
    ],
    [
      'optionalOldSelf without oldSelf',
      {
        given: crd(
          root({ a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'true', optionalOldSelf: true }] } }),
        ),
        want: [{ path: `${P}.properties[a].x-kubernetes-validations[0].optionalOldSelf`, type: 'Invalid' }],
      },
    ],
    [
      'oldSelf under an atomic list',
      {
        given: crd(
          root({
            l: { type: 'array', items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
          }),
        ),
        want: [{ path: `${P}.properties[l].items.x-kubernetes-validations[0].rule`, type: 'Invalid' }],
      },
    ],
    [
      'status subresource with enum at the root',
      {
        given: crd(root({}, { enum: [{}] }), { version: { subresources: { status: {} } } }),
        want: [{ path: P, type: 'Invalid' }],
      },
    ],
    [
      'printer column type',
      {
        given: crd(root({}), { version: { additionalPrinterColumns: [{ name: 'A', type: 'map', jsonPath: '.x' }] } }),
        want: [{ path: 'spec.versions[0].additionalPrinterColumns[0].type', type: 'NotSupported' }],
      },
    ],
    [
      'scale path outside .spec',
      {
        given: crd(root({}), {
          version: { subresources: { scale: { specReplicasPath: '.status.r', statusReplicasPath: '.status.r' } } },
        }),
        want: [{ path: 'spec.versions[0].subresources.scale.specReplicasPath', type: 'Invalid' }],
      },
    ],
    [
      'nine selectable fields',
      {
        given: crd(
          root({
            spec: {
              type: 'object',
              properties: Object.fromEntries('abcdefghi'.split('').map((c) => [c, { type: 'string' }])),
            },
          }),
          {
            version: { selectableFields: 'abcdefghi'.split('').map((c) => ({ jsonPath: `.spec.${c}` })) },
          },
        ),
        want: [{ path: 'spec.versions[0].selectableFields', type: 'TooMany' }],
      },
    ],
    [
      'kind equals listKind',
      {
        given: crd(root({}), { spec: { names: { kind: 'W', listKind: 'W', plural: 'widgets', singular: 'w' } } }),
        want: [{ path: 'spec.names.listKind', type: 'Invalid' }],
      },
    ],
    [
      'group without a dot',
      {
        given: crd(root({}), { spec: { group: 'example' }, metadata: { name: 'widgets.example' } }),
        want: [{ path: 'spec.group', type: 'Invalid' }],
      },
    ],
    [
      'protected group without approval',
      {
        given: crd(root({}), { spec: { group: 'x.k8s.io' }, metadata: { name: 'widgets.x.k8s.io' } }),
        want: [{ path: 'metadata.annotations[api-approved.kubernetes.io]', type: 'Required' }],
      },
    ],
    [
      'two storage versions',
      {
        given: {
          ...crd(root({})),
          spec: {
            ...(crd(root({}))['spec'] as S),
            versions: [1, 2].map((i) => ({
              name: `v${i}`,
              served: true,
              storage: true,
              schema: { openAPIV3Schema: root({}) },
            })),
          },
        },
        want: [{ path: 'spec.versions', type: 'Invalid' }],
      },
    ],
    [
      'property only inside anyOf',
      {
        given: crd(
          root({
            a: {
              type: 'object',
              properties: { x: { type: 'string' } },
              anyOf: [{ required: ['x'] }, { properties: { y: { minLength: 1 } } }],
            },
          }),
        ),
        want: [{ path: `${P}.properties[a].anyOf[1].properties[y]`, type: 'Required' }],
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    expect(checkStructuralCrd(given).map(({ path, type }) => ({ path, type }))).toEqual(want);
  });
});
