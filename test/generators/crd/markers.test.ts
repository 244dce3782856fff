import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import {
  generateCrds,
  type CustomResourceDefinition,
  type JSONSchemaProps,
} from '../../../src/generators/crd/index.js';
import type { Marker, TypeDecl, TypeExpr } from '../../../src/model/types.js';
import { checkStructuralCrd } from '../../crd/structural.js';
import { field, mk, struct, t, widgetModel } from './build.js';

const OPTS = {
  runtimeImport: '@kubegen/runtime',
  boilerplate: '',
  importExtension: '.js' as const,
  version: 'v0.1.0',
};

function specOf(r: ReturnType<typeof generateCrds>): JSONSchemaProps {
  const crd = yaml.load(r.files[0]!.content.split('\n---\n')[1]!) as CustomResourceDefinition;
  expect(checkStructuralCrd(crd)).toEqual([]);
  return crd.spec.versions[0]!.schema.openAPIV3Schema.properties!['spec']!;
}

/** Generates a spec with one optional field `f` of `type` carrying `markers`; returns f's schema. */
function fieldSchema(type: TypeExpr, markers: Marker[], extra: TypeDecl[] = []): JSONSchemaProps {
  const r = generateCrds(widgetModel([field('f', type, { optional: true, markers })], extra), OPTS);
  expect(r.diagnostics).toEqual([]);
  return specOf(r).properties!['f']!;
}

const V = 'kubebuilder:validation:';

describe('field markers apply themselves to the schema', () => {
  const cases: [string, { type: TypeExpr; markers: Marker[]; want: JSONSchemaProps }][] = [
    [
      'Minimum',
      {
        type: t.int32,
        markers: [mk(`${V}Minimum`, -1)],
        want: { type: 'integer', format: 'int32', minimum: -1 },
      },
    ],
    [
      'Maximum',
      {
        type: t.number,
        markers: [mk(`${V}Maximum`, 2.5)],
        want: { type: 'number', maximum: 2.5 },
      },
    ],
    [
      'ExclusiveMinimum / ExclusiveMaximum',
      {
        type: t.number,
        markers: [
          mk(`${V}Minimum`, 0),
          mk(`${V}ExclusiveMinimum`),
          mk(`${V}Maximum`, 1),
          mk(`${V}ExclusiveMaximum`, true),
        ],
        want: {
          type: 'number',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 1,
          exclusiveMaximum: true,
        },
      },
    ],
    [
      'MultipleOf',
      {
        type: t.int64,
        markers: [mk(`${V}MultipleOf`, 512)],
        want: { type: 'integer', format: 'int64', multipleOf: 512 },
      },
    ],
    [
      'MinLength / MaxLength',
      {
        type: t.string,
        markers: [mk(`${V}MinLength`, 1), mk(`${V}MaxLength`, 63)],
        want: { type: 'string', minLength: 1, maxLength: 63 },
      },
    ],
    [
      'Pattern',
      {
        type: t.string,
        markers: [mk(`${V}Pattern`, '^[a-z]+$')],
        want: { type: 'string', pattern: '^[a-z]+$' },
      },
    ],
    [
      'Pattern with RE2 inline flags',
      {
        type: t.string,
        markers: [mk(`${V}Pattern`, '(?i)^abc\\z')],
        want: { type: 'string', pattern: '(?i)^abc\\z' },
      },
    ],
    [
      'Format',
      {
        type: t.string,
        markers: [mk(`${V}Format`, 'email')],
        want: { type: 'string', format: 'email' },
      },
    ],
    [
      'Enum (mixed values)',
      {
        type: t.wk('IntOrString'),
        markers: [mk(`${V}Enum`, [1, 2, 'auto'])],
        want: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
          enum: [1, 2, 'auto'],
        },
      },
    ],
    [
      'MinItems / MaxItems',
      {
        type: t.array(t.string),
        markers: [mk(`${V}MinItems`, 1), mk(`${V}MaxItems`, 3)],
        want: {
          type: 'array',
          items: { type: 'string' },
          minItems: 1,
          maxItems: 3,
        },
      },
    ],
    [
      'MinProperties / MaxProperties',
      {
        type: t.map(t.string),
        markers: [mk(`${V}MinProperties`, 1), mk(`${V}MaxProperties`, 5)],
        want: {
          type: 'object',
          additionalProperties: { type: 'string' },
          minProperties: 1,
          maxProperties: 5,
        },
      },
    ],
    [
      'Type is applied first',
      {
        type: t.unknown,
        markers: [mk(`${V}MaxLength`, 4), mk(`${V}Type`, 'string')],
        want: { type: 'string', maxLength: 4 },
      },
    ],
    [
      'Type keeps the nullability of `T | null` (controller-gen sets only the type)',
      {
        type: t.nullable(t.string),
        markers: [mk(`${V}Type`, 'integer')],
        want: { type: 'integer', nullable: true },
      },
    ],
    [
      'XIntOrString',
      {
        type: t.unknown,
        markers: [mk(`${V}Schemaless`), mk(`${V}XIntOrString`)],
        want: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
        },
      },
    ],
    [
      'Schemaless + Type + PreserveUnknownFields',
      {
        type: t.ref('Deep'),
        markers: [mk(`${V}Schemaless`), mk(`${V}Type`, 'object'), mk('kubebuilder:pruning:PreserveUnknownFields')],
        want: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    ],
    [
      'EmbeddedResource',
      {
        type: t.wk('RawExtension'),
        markers: [mk(`${V}EmbeddedResource`)],
        want: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    ],
    [
      'XEmbeddedResource',
      {
        type: t.unknown,
        markers: [mk(`${V}XEmbeddedResource`)],
        want: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    ],
    [
      'XPreserveUnknownFields',
      {
        type: t.unknown,
        markers: [mk(`${V}XPreserveUnknownFields`)],
        want: { 'x-kubernetes-preserve-unknown-fields': true },
      },
    ],
    [
      'XValidation with every argument',
      {
        type: t.int64,
        markers: [
          mk(`${V}XValidation`, {
            rule: '!oldSelf.hasValue() || self >= oldSelf.value()',
            message: 'may only grow',
            reason: 'FieldValueForbidden',
            optionalOldSelf: true,
          }),
        ],
        want: {
          type: 'integer',
          format: 'int64',
          'x-kubernetes-validations': [
            {
              rule: '!oldSelf.hasValue() || self >= oldSelf.value()',
              message: 'may only grow',
              reason: 'FieldValueForbidden',
              optionalOldSelf: true,
            },
          ],
        },
      },
    ],
    [
      'nullable',
      {
        type: t.string,
        markers: [mk('nullable')],
        want: { type: 'string', nullable: true },
      },
    ],
    [
      'kubebuilder:default',
      {
        type: t.int32,
        markers: [mk('kubebuilder:default', 1)],
        want: { type: 'integer', format: 'int32', default: 1 },
      },
    ],
    [
      'default (JSON)',
      {
        type: t.map(t.string),
        markers: [mk('default', { cpu: '1' })],
        want: {
          type: 'object',
          additionalProperties: { type: 'string' },
          default: { cpu: '1' },
        },
      },
    ],
    [
      'kubebuilder:example',
      {
        type: t.int32,
        markers: [mk('kubebuilder:example', 4096)],
        want: { type: 'integer', format: 'int32', example: 4096 },
      },
    ],
    [
      'kubebuilder:title',
      {
        type: t.string,
        markers: [mk('kubebuilder:title', 'Display name')],
        want: { type: 'string', title: 'Display name' },
      },
    ],
    [
      'kubebuilder:externalDocs',
      {
        type: t.string,
        markers: [
          mk('kubebuilder:externalDocs', {
            url: 'https://example.com',
            description: 'Docs',
          }),
        ],
        want: {
          type: 'string',
          externalDocs: { url: 'https://example.com', description: 'Docs' },
        },
      },
    ],
    [
      'listType=set',
      {
        type: t.array(t.string),
        markers: [mk('listType', 'set')],
        want: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-list-type': 'set',
        },
      },
    ],
    [
      'k8s:listType=atomic',
      {
        type: t.array(t.string),
        markers: [mk('k8s:listType', 'atomic')],
        want: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-list-type': 'atomic',
        },
      },
    ],
    [
      'listType=map with compound listMapKey (and the k8s: spelling)',
      {
        type: t.array(t.ref('Port')),
        markers: [mk('listType', 'map'), mk('listMapKey', 'name'), mk('k8s:listMapKey', 'protocol')],
        want: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              protocol: { type: 'string', default: 'TCP' },
            },
            required: ['name'],
          },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'protocol'],
        },
      },
    ],
    [
      'mapType',
      {
        type: t.map(t.string),
        markers: [mk('mapType', 'atomic')],
        want: {
          type: 'object',
          additionalProperties: { type: 'string' },
          'x-kubernetes-map-type': 'atomic',
        },
      },
    ],
    [
      'structType',
      {
        type: t.object([field('a', t.string)]),
        markers: [mk('structType', 'atomic')],
        want: {
          type: 'object',
          properties: { a: { type: 'string' } },
          required: ['a'],
          'x-kubernetes-map-type': 'atomic',
        },
      },
    ],
    [
      'k8s:immutable (required field)',
      {
        type: t.string,
        markers: [mk('k8s:immutable')],
        want: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'Value is immutable' }],
        },
      },
    ],
  ];
  const extra = [
    struct('Port', [
      field('name', t.string),
      field('protocol', t.string, {
        optional: true,
        markers: [mk('kubebuilder:default', 'TCP')],
      }),
    ]),
    struct('Deep', [field('x', t.string)]),
  ];
  it.each(cases)('%s', (_name, { type, markers, want }) => {
    expect(fieldSchema(type, markers, extra)).toEqual(want);
  });
});

describe('items: markers apply to array elements', () => {
  const cases: [string, { type: TypeExpr; markers: Marker[]; wantItems: JSONSchemaProps }][] = [
    [
      'items:Minimum/Maximum/Exclusive/MultipleOf',
      {
        type: t.array(t.int32),
        markers: ['Minimum', 'Maximum', 'MultipleOf']
          .map((n, i) => mk(`${V}items:${n}`, [0, 100, 5][i]!))
          .concat([mk(`${V}items:ExclusiveMinimum`), mk(`${V}items:ExclusiveMaximum`)]),
        wantItems: {
          type: 'integer',
          format: 'int32',
          minimum: 0,
          maximum: 100,
          multipleOf: 5,
          exclusiveMinimum: true,
          exclusiveMaximum: true,
        },
      },
    ],
    [
      'items:MinLength/MaxLength/Pattern',
      {
        type: t.array(t.string),
        markers: [mk(`${V}items:MinLength`, 1), mk(`${V}items:MaxLength`, 8), mk(`${V}items:Pattern`, '^a')],
        wantItems: {
          type: 'string',
          minLength: 1,
          maxLength: 8,
          pattern: '^a',
        },
      },
    ],
    [
      'items:Format',
      {
        type: t.array(t.string),
        markers: [mk(`${V}items:Format`, 'ipv4')],
        wantItems: { type: 'string', format: 'ipv4' },
      },
    ],
    [
      'items:Enum',
      {
        type: t.array(t.string),
        markers: [mk(`${V}items:Enum`, ['a', 'b'])],
        wantItems: { type: 'string', enum: ['a', 'b'] },
      },
    ],
    [
      'items:MinItems/MaxItems',
      {
        type: t.array(t.array(t.int32)),
        markers: [mk(`${V}items:MinItems`, 1), mk(`${V}items:MaxItems`, 4)],
        wantItems: {
          type: 'array',
          items: { type: 'integer', format: 'int32' },
          minItems: 1,
          maxItems: 4,
        },
      },
    ],
    [
      'items:MinProperties/MaxProperties',
      {
        type: t.array(t.map(t.string)),
        markers: [mk(`${V}items:MinProperties`, 1), mk(`${V}items:MaxProperties`, 8)],
        wantItems: {
          type: 'object',
          additionalProperties: { type: 'string' },
          minProperties: 1,
          maxProperties: 8,
        },
      },
    ],
    [
      'items:XIntOrString',
      {
        type: t.array(t.wk('IntOrString')),
        markers: [mk(`${V}items:XIntOrString`)],
        wantItems: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
        },
      },
    ],
    [
      'items:Type',
      {
        type: t.array(t.unknown),
        markers: [mk(`${V}items:Type`, 'string')],
        wantItems: { type: 'string' },
      },
    ],
    [
      'items:EmbeddedResource',
      {
        type: t.array(t.wk('RawExtension')),
        markers: [mk(`${V}items:EmbeddedResource`)],
        wantItems: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    ],
    [
      'items:XEmbeddedResource',
      {
        type: t.array(t.wk('RawExtension')),
        markers: [mk(`${V}items:XEmbeddedResource`)],
        wantItems: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    ],
    [
      'items:XValidation',
      {
        type: t.array(t.string),
        markers: [
          mk(`${V}MaxItems`, 4),
          mk(`${V}items:MaxLength`, 9),
          mk(`${V}items:XValidation`, {
            rule: "self.startsWith('/')",
            message: 'absolute',
          }),
        ],
        wantItems: {
          type: 'string',
          maxLength: 9,
          'x-kubernetes-validations': [{ rule: "self.startsWith('/')", message: 'absolute' }],
        },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { type, markers, wantItems }) => {
    expect(fieldSchema(type, markers).items).toEqual(wantItems);
  });
});

describe('type-level markers', () => {
  it('AtMostOneOf / ExactlyOneOf / AtLeastOneOf become CEL rules with messages', () => {
    const s = fieldSchema(
      t.ref('Source'),
      [],
      [
        struct(
          'Source',
          [
            field('git', t.string, { optional: true }),
            field('image', t.string, { optional: true }),
            field('url', t.string, { optional: true }),
          ],
          {
            markers: [
              mk(`${V}AtMostOneOf`, ['git', 'image']),
              mk(`${V}ExactlyOneOf`, ['git', 'image', 'url']),
              mk(`${V}AtLeastOneOf`, ['image', 'url']),
            ],
          },
        ),
      ],
    );
    expect(s['x-kubernetes-validations']).toEqual([
      {
        rule: '[has(self.git), has(self.image)].filter(x, x).size() <= 1',
        message: 'at most one of the fields in [git, image] may be set',
      },
      {
        rule: '[has(self.git), has(self.image), has(self.url)].filter(x, x).size() == 1',
        message: 'exactly one of the fields in [git, image, url] must be set',
      },
      {
        rule: '[has(self.image), has(self.url)].filter(x, x).size() >= 1',
        message: 'at least one of the fields in [image, url] must be set',
      },
    ]);
  });

  it('k8s:immutable on an optional field adds the presence rule to the parent', () => {
    const r = generateCrds(
      widgetModel([
        field('zone', t.string, {
          optional: true,
          markers: [mk('k8s:immutable'), mk(`${V}MaxLength`, 8)],
        }),
      ]),
      OPTS,
    );
    expect(r.diagnostics).toEqual([]);
    const s = specOf(r);
    expect(s['x-kubernetes-validations']).toEqual([
      {
        rule: 'has(self.zone) == has(oldSelf.zone)',
        message: 'zone is immutable: it may not be added or removed once set',
      },
    ]);
    expect(s.properties!['zone']!['x-kubernetes-validations']).toEqual([
      { rule: 'self == oldSelf', message: 'Value is immutable' },
    ]);
  });

  it('struct markers: XValidation, MinProperties, PreserveUnknownFields, title', () => {
    const s = fieldSchema(
      t.ref('Budget'),
      [],
      [
        struct('Budget', [field('max', t.int32), field('used', t.int32)], {
          markers: [
            mk(`${V}XValidation`, {
              rule: 'self.used <= self.max',
              messageExpression: "'used ' + string(self.used)",
            }),
            mk(`${V}MinProperties`, 1),
            mk('kubebuilder:pruning:PreserveUnknownFields'),
            mk('kubebuilder:title', 'Budget'),
          ],
        }),
      ],
    );
    expect(s).toMatchObject({
      type: 'object',
      minProperties: 1,
      title: 'Budget',
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-validations': [
        {
          rule: 'self.used <= self.max',
          messageExpression: "'used ' + string(self.used)",
        },
      ],
    });
  });

  it('k8s:enum on a literal alias keeps the enum', () => {
    const s = fieldSchema(
      t.ref('Mode'),
      [],
      [
        {
          ...struct('Mode', []),
          declKind: 'alias',
          target: t.literals('Fast', 'Safe'),
          markers: [mk('k8s:enum')],
        } as unknown as TypeDecl,
      ],
    );
    expect(s).toEqual({ type: 'string', enum: ['Fast', 'Safe'] });
  });
});
