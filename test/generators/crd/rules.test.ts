import { describe, expect, it } from 'vitest';
import { generateCrds } from '../../../src/generators/crd/index.js';
import type { ApiModel, Resource } from '../../../src/model/types.js';
import { alias, at, field, kind, mk, model, struct, t, version, widgetModel } from './build.js';

const res = (r: Partial<Resource>): Partial<Resource> => r;
const OPTS = {
  runtimeImport: '@kubegen/runtime',
  boilerplate: '',
  importExtension: '.js' as const,
  version: 'v0.1.0',
};
const V = 'kubebuilder:validation:';

function diags(m: ApiModel): string[] {
  const r = generateCrds(m, OPTS);
  return r.diagnostics.map(
    (d) => `${d.pos.line}:${d.pos.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`,
  );
}

const CASES: [string, { given: ApiModel; want: string[] }][] = [
  [
    'UniqueItems=true is refused',
    {
      given: widgetModel([
        field('a', t.array(t.string), {
          line: 5,
          markers: [mk(`${V}UniqueItems`, true, 6)],
        }),
      ]),
      want: [
        '6:4: +kubebuilder:validation:UniqueItems=true is refused by the apiserver (uniqueItems: true has quadratic cost); use +listType=set for a list of unique scalars',
      ],
    },
  ],
  [
    'min on string',
    {
      given: widgetModel([field('a', t.string, { line: 5, markers: [mk(`${V}Minimum`, 1, 6)] })]),
      want: [
        '6:4: +kubebuilder:validation:Minimum applies to integer or number schemas, but field "a" is string; remove the marker or change the type',
      ],
    },
  ],
  [
    'frac on int',
    {
      given: widgetModel([
        field('a', t.int32, {
          line: 5,
          markers: [mk(`${V}MultipleOf`, 0.5, 6)],
        }),
      ]),
      want: ['6:4: +kubebuilder:validation:MultipleOf=0.5 on an integer field must be a whole number'],
    },
  ],
  [
    'bad pattern',
    {
      given: widgetModel([
        field('a', t.string, {
          line: 5,
          markers: [mk(`${V}Pattern`, '(?=x)a', 6)],
        }),
      ]),
      want: [
        '6:4: +kubebuilder:validation:Pattern: "(?=x)a" is not a valid regular expression: "(?=" (lookaround or backreference) is not supported by RE2, the apiserver\'s regular expression engine',
      ],
    },
  ],
  [
    'untyped',
    {
      given: widgetModel([
        field('a', t.unknown, {
          line: 5,
          markers: [mk(`${V}Schemaless`, true, 6)],
        }),
      ]),
      want: [
        '5:3: CRD widgets.example.com: version v1: .spec.a: type must not be empty for object fields; give the field a concrete type, or mark it +kubebuilder:pruning:PreserveUnknownFields (any JSON) or +kubebuilder:validation:XIntOrString',
      ],
    },
  ],
  [
    'listmap key optional',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk('listType', 'map', 6), mk('listMapKey', 'name', 7)],
          }),
        ],
        [struct('P', [field('name', t.string, { optional: true, line: 9 })])],
      ),
      want: [
        '9:3: CRD widgets.example.com: version v1: .spec.a: list map key "name" must be required or have a default; remove the "?" (or add +required) or add +default',
      ],
    },
  ],
  [
    'listmap key missing',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk('listType', 'map', 6), mk('listMapKey', 'nme', 7)],
          }),
        ],
        [struct('P', [field('name', t.string, { line: 9 })])],
      ),
      want: [
        '5:3: CRD widgets.example.com: version v1: .spec.a: +listMapKey "nme" is not a field of the items (fields: name)',
      ],
    },
  ],
  [
    'listmap no key',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk('listType', 'map', 6)],
          }),
        ],
        [struct('P', [field('name', t.string, { line: 9 })])],
      ),
      want: [
        '5:3: CRD widgets.example.com: version v1: .spec.a: +listType=map needs at least one +listMapKey naming the key field of the items',
      ],
    },
  ],
  [
    'listmap key object',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk('listType', 'map', 6), mk('listMapKey', 'o', 7)],
          }),
        ],
        [struct('P', [field('o', t.object([]), { line: 9 })])],
      ),
      want: [
        '9:3: CRD widgets.example.com: version v1: .spec.a: list map key "o" must be a scalar (string, integer, number or boolean), not object',
      ],
    },
  ],
  [
    'listmap key nullable',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk('listType', 'map', 6), mk('listMapKey', 'n', 7)],
          }),
        ],
        [struct('P', [field('n', t.nullable(t.string), { line: 9 })])],
      ),
      want: ['9:3: CRD widgets.example.com: version v1: .spec.a: list map key "n" must not be nullable'],
    },
  ],
  [
    'set of objects',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk('listType', 'set', 6)],
          }),
        ],
        [struct('P', [field('n', t.string, { line: 9 })])],
      ),
      want: [
        '5:3: CRD widgets.example.com: version v1: .spec.a: the items of a +listType=set list must be scalars (or atomic objects/lists); use +listType=map with +listMapKey for lists of objects',
      ],
    },
  ],
  [
    'listMapKey without map',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk('listMapKey', 'n', 7)],
          }),
        ],
        [struct('P', [field('n', t.string, { line: 9 })])],
      ),
      want: ['5:3: CRD widgets.example.com: version v1: .spec.a: +listMapKey requires +listType=map'],
    },
  ],
  [
    'listType on string',
    {
      given: widgetModel([field('a', t.string, { line: 5, markers: [mk('listType', 'set', 6)] })]),
      want: ['6:4: +listType applies to array schemas, but field "a" is string; remove the marker or change the type'],
    },
  ],
  [
    'default invalid',
    {
      given: widgetModel([
        field('a', t.int32, {
          line: 5,
          markers: [mk(`${V}Maximum`, 3, 6), mk('kubebuilder:default', 5, 7)],
        }),
      ]),
      want: [
        '7:4: CRD widgets.example.com: version v1: .spec.a: default 5 is invalid: <value>: must be less than or equal to 3',
      ],
    },
  ],
  [
    'default wrong type',
    {
      given: widgetModel([
        field('a', t.int32, {
          line: 5,
          markers: [mk('kubebuilder:default', 'x', 7)],
        }),
      ]),
      want: [
        '7:4: CRD widgets.example.com: version v1: .spec.a: default "x" is invalid: <value>: must be integer, got string',
      ],
    },
  ],
  [
    'default not pruned',
    {
      given: widgetModel(
        [
          field('a', t.ref('P'), {
            line: 5,
            markers: [mk('default', { n: 'a', extra: 1 }, 7)],
          }),
        ],
        [struct('P', [field('n', t.string, { line: 9 })])],
      ),
      want: [
        '7:4: CRD widgets.example.com: version v1: .spec.a: default {"n":"a","extra":1} has fields the schema does not know (.extra); the apiserver requires defaults to be pruned already',
      ],
    },
  ],
  [
    'default missing required',
    {
      given: widgetModel(
        [
          field('a', t.ref('P'), {
            line: 5,
            markers: [mk('kubebuilder:default', {}, 7)],
          }),
        ],
        [struct('P', [field('n', t.string, { line: 9 })])],
      ),
      want: ['7:4: CRD widgets.example.com: version v1: .spec.a: default {} is invalid: .n: required'],
    },
  ],
  [
    'default null',
    {
      given: widgetModel([field('a', t.string, { line: 5, markers: [mk('default', null, 7)] })]),
      want: [
        '7:4: CRD widgets.example.com: version v1: .spec.a: default null needs a nullable field (add | null to the type or +nullable)',
      ],
    },
  ],
  [
    'cel syntax',
    {
      given: widgetModel([
        field('a', t.string, {
          line: 5,
          markers: [mk(`${V}XValidation`, { rule: 'self ==' }, 6)],
        }),
      ]),
      want: [
        '6:4: CRD widgets.example.com: version v1: .spec.a: rule "self ==": CEL syntax error at 1:6: found = but expecting end of input',
      ],
    },
  ],
  [
    'cel message lines',
    {
      given: widgetModel([
        field('a', t.string, {
          line: 5,
          markers: [mk(`${V}MaxLength`, 3), mk(`${V}XValidation`, { rule: 'self != "x"', message: 'bad\nvalue' }, 6)],
        }),
      ]),
      want: [
        '6:4: CRD widgets.example.com: version v1: .spec.a: rule "self != \\"x\\"": message must be a single line',
      ],
    },
  ],
  [
    'optionalOldSelf no oldSelf',
    {
      given: widgetModel([
        field('a', t.string, {
          line: 5,
          markers: [mk(`${V}MaxLength`, 3), mk(`${V}XValidation`, { rule: 'self != "x"', optionalOldSelf: true }, 6)],
        }),
      ]),
      want: [
        '6:4: CRD widgets.example.com: version v1: .spec.a: rule "self != \\"x\\"": optionalOldSelf may only be set when the rule uses oldSelf',
      ],
    },
  ],
  [
    'oldSelf in atomic list',
    {
      given: widgetModel(
        [
          field('a', t.array(t.ref('P')), {
            line: 5,
            markers: [mk(`${V}MaxItems`, 3)],
          }),
        ],
        [
          struct('P', [
            field('n', t.string, {
              line: 9,
              markers: [mk('k8s:immutable', true, 10)],
            }),
          ]),
        ],
      ),
      want: [
        '10:4: CRD widgets.example.com: version v1: .spec.a[*].n: rule "self == oldSelf": oldSelf cannot be used here: the value is inside .spec.a, whose elements the apiserver cannot pair between old and new objects; use +listType=map with +listMapKey on that list (or drop the transition rule)',
      ],
    },
  ],
  [
    'bad fieldPath',
    {
      given: widgetModel(
        [field('a', t.ref('P'), { line: 5 })],
        [
          struct('P', [field('n', t.string, { line: 9 })], {
            markers: [mk(`${V}XValidation`, { rule: 'true', fieldPath: '.nope' }, 3)],
          }),
        ],
      ),
      want: [
        '3:4: CRD widgets.example.com: version v1: .spec.a: rule "true": fieldPath ".nope" does not name a field below this schema (write it like .spec.name or .items[\'key\'])',
      ],
    },
  ],
  [
    'cost',
    {
      given: widgetModel([
        field('a', t.array(t.string), {
          line: 5,
          markers: [mk(`${V}XValidation`, { rule: 'self.all(x, x.size() > 1)' }, 6)],
        }),
      ]),
      want: [
        '6:4: warning: CRD widgets.example.com: version v1: .spec.a: rule "self.all(x, x.size() > 1)" works on data without a size bound: self; the apiserver estimates CEL cost from maxItems/maxLength/maxProperties and may refuse the CRD as too expensive: add +kubebuilder:validation:MaxItems, MaxLength or MaxProperties',
      ],
    },
  ],
  [
    'cost per element',
    {
      given: widgetModel(
        [field('a', t.array(t.ref('P')), { line: 5 })],
        [
          struct('P', [
            field('n', t.string, {
              line: 9,
              markers: [mk(`${V}XValidation`, { rule: "self.matches('^a')" }, 10)],
            }),
          ]),
        ],
      ),
      want: [
        '10:4: warning: CRD widgets.example.com: version v1: .spec.a[*].n: rule "self.matches(\'^a\')" works on data without a size bound: self, .spec.a (the rule runs once per element); the apiserver estimates CEL cost from maxItems/maxLength/maxProperties and may refuse the CRD as too expensive: add +kubebuilder:validation:MaxItems, MaxLength or MaxProperties',
      ],
    },
  ],
  [
    'status root keys',
    {
      given: model([
        version('v1', [
          kind(
            'Widget',
            [field('a', t.string, { line: 5 })],
            { subresources: { status: true } },
            { markers: [mk(`${V}MinProperties`, 1, 3)] },
          ),
        ]),
      ]),
      want: [
        '10:1: CRD widgets.example.com: version v1: with the status subresource the schema root may not set minProperties (only description, type, format, title, maximum, exclusiveMaximum, minimum, exclusiveMinimum, maxLength, minLength, pattern, maxItems, minItems, uniqueItems, multipleOf, required, items, properties, externalDocs, example, x-kubernetes-preserve-unknown-fields, x-kubernetes-validations); move these markers off the kind',
      ],
    },
  ],
  [
    'printer col',
    {
      given: widgetModel(
        [field('a', t.string)],
        [],
        res({
          printerColumns: [
            {
              name: 'A',
              type: 'map',
              jsonPath: 'spec.a',
              format: 'bogus',
              pos: at(2, 4),
            },
          ],
        }),
      ),
      want: [
        '2:4: CRD widgets.example.com: version v1: printer column "A" has type "map"; use one of integer, number, string, boolean, date',
        '2:4: CRD widgets.example.com: version v1: printer column "A" has format "bogus"; use one of int32, int64, float, double, byte, date, date-time, password',
        '2:4: CRD widgets.example.com: version v1: printer column "A" JSONPath "spec.a" must start with "." (e.g. .spec.replicas)',
      ],
    },
  ],
  [
    'scale paths',
    {
      given: widgetModel(
        [field('replicas', t.int32)],
        [],
        res({
          subresources: {
            status: false,
            scale: {
              specReplicasPath: '.status.replicas',
              statusReplicasPath: '.spec.replicas',
              labelSelectorPath: 'x',
            },
          },
        }),
      ),
      want: [
        '10:1: CRD widgets.example.com: version v1: scale specReplicasPath ".status.replicas" must be under .spec',
        '10:1: CRD widgets.example.com: version v1: scale statusReplicasPath ".spec.replicas" must be under .status',
        '10:1: CRD widgets.example.com: version v1: scale labelSelectorPath "x" must be a simple JSON path in dot notation, e.g. .spec.replicas',
      ],
    },
  ],
  [
    'selectable',
    {
      given: widgetModel(
        [field('a', t.object([]))],
        [],
        res({
          selectableFields: [
            '.spec.a',
            '.metadata.name',
            '.spec.b',
            '.spec.a',
            'x',
            '.spec.c',
            '.spec.d',
            '.spec.e',
            '.spec.f',
            '.spec.g',
          ],
        }),
      ),
      want: [
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.a" must point to a string, integer or boolean field, but it is object',
        '10:1: CRD widgets.example.com: version v1: selectable field ".metadata.name" must not point into metadata (metadata.name and metadata.namespace are always selectable)',
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.b" does not name a field of the schema',
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.a" is declared twice',
        '10:1: CRD widgets.example.com: version v1: selectable field "x" must be a simple JSON path without array notation, e.g. .spec.color',
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.c" does not name a field of the schema',
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.d" does not name a field of the schema',
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.e" does not name a field of the schema',
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.f" does not name a field of the schema',
        '10:1: CRD widgets.example.com: version v1: selectable field ".spec.g" does not name a field of the schema',
      ],
    },
  ],
  [
    'names',
    {
      given: widgetModel(
        [field('a', t.string)],
        [],
        res({
          plural: 'Widgets',
          singular: 'wid_get',
          shortNames: ['1w'],
          categories: ['All'],
          listKind: 'Widget',
        }),
      ),
      want: [
        '10:1: CRD Widgets.example.com: name "Widgets.example.com" (plural.group) must be a DNS-1123 subdomain of at most 253 characters',
        '10:1: CRD Widgets.example.com: plural "Widgets" must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters); set +kubebuilder:resource:path=...',
        '10:1: CRD Widgets.example.com: singular "wid_get" must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters); set +kubebuilder:resource:singular=...',
        '10:1: CRD Widgets.example.com: short name "1w" must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters); fix +kubebuilder:resource:shortName=...',
        '10:1: CRD Widgets.example.com: category "All" must be a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters); fix +kubebuilder:resource:categories=...',
        '10:1: CRD Widgets.example.com: kind and listKind may not be the same ("Widget")',
      ],
    },
  ],
  [
    'protected group',
    {
      given: model([version('v1', [kind('Widget', [])], 'samplecrd.k8s.io')], 'samplecrd.k8s.io'),
      want: [
        '10:1: CRD widgets.samplecrd.k8s.io: group "samplecrd.k8s.io" is under k8s.io/kubernetes.io, which the apiserver reserves: it refuses the CRD without the "api-approved.kubernetes.io" annotation; add +kubebuilder:metadata:annotations="api-approved.kubernetes.io=https://github.com/kubernetes/kubernetes/pull/<number>" (or "=unapproved, <reason>"), or use a group under a domain you own',
      ],
    },
  ],
  [
    'nodot group',
    {
      given: model([version('v1', [kind('Widget', [])], 'example')], 'example'),
      want: [
        '10:1: CRD widgets.example: group "example" must be a domain with at least one dot, e.g. example.example.com',
      ],
    },
  ],
  [
    'storage',
    {
      given: model([
        version('v1', [kind('Widget', [], { storage: false })]),
        version('v2', [kind('Widget', [], { storage: false })]),
      ]),
      want: [
        '10:1: CRD widgets.example.com: no storage version among v2, v1; mark exactly one kind +kubebuilder:storageversion',
      ],
    },
  ],
  [
    'two storage',
    {
      given: model([
        version('v1', [kind('Widget', [], { storage: true })]),
        version('v2', [kind('Widget', [], { storage: true })]),
      ]),
      want: [
        '10:1: CRD widgets.example.com: 2 storage versions (v2, v1); mark exactly one +kubebuilder:storageversion',
      ],
    },
  ],
  [
    'scope mismatch',
    {
      given: model([
        version('v1', [kind('Widget', [], { storage: true })]),
        version('v2', [kind('Widget', [], { storage: false, scope: 'Cluster' })]),
      ]),
      want: [
        '10:1: kind Widget has scope "Cluster" in v2 but "Namespaced" in v1; a CRD has one scope for all versions: use the same +kubebuilder:resource:scope',
      ],
    },
  ],
  [
    'root metadata markers',
    {
      given: (() => {
        const k = kind('Widget', []);
        k.fields[0]!.markers.push(mk(`${V}XValidation`, { rule: 'self.name.size() < 10' }, 4));
        k.fields[0]!.pos = at(5, 3);
        return model([version('v1', [k])]);
      })(),
      want: [
        '5:3: CRD widgets.example.com: version v1: schema root: the root metadata may only be type: object (the apiserver supplies ObjectMeta and may only restrict name and generateName); remove markers from the metadata field',
      ],
    },
  ],
  [
    'oneof unknown',
    {
      given: widgetModel(
        [field('a', t.ref('P'), { line: 5 })],
        [
          struct('P', [field('n', t.string, { line: 9 })], {
            markers: [mk(`${V}ExactlyOneOf`, ['n', 'm'], 3)],
          }),
        ],
      ),
      want: ['3:4: +kubebuilder:validation:ExactlyOneOf names "m", which is not a field of type P'],
    },
  ],
  [
    'items on non-array',
    {
      given: widgetModel([
        field('a', t.string, {
          line: 5,
          markers: [mk(`${V}items:MaxLength`, 3, 6)],
        }),
      ]),
      want: ['6:4: +kubebuilder:validation:items:MaxLength applies to the items of an array, but field "a" is string'],
    },
  ],
  [
    'embedded on string',
    {
      given: widgetModel([
        field('a', t.string, {
          line: 5,
          markers: [mk(`${V}EmbeddedResource`, true, 6)],
        }),
      ]),
      want: [
        '6:4: +kubebuilder:validation:EmbeddedResource applies to object schemas, but field "a" is string; remove the marker or change the type',
      ],
    },
  ],
  [
    'unknown format',
    {
      given: widgetModel([
        field('a', t.string, {
          line: 5,
          markers: [mk(`${V}Format`, 'zip', 6)],
        }),
      ]),
      want: [
        '6:4: warning: +kubebuilder:validation:Format=zip is not a format the apiserver knows; it will not be validated',
      ],
    },
  ],
  [
    'a valid default passes',
    {
      given: widgetModel([
        field('a', t.string, {
          optional: true,
          line: 5,
          markers: [mk('kubebuilder:default', 'x', 6)],
        }),
      ]),
      want: [],
    },
  ],
  [
    'too many selectable fields',
    {
      given: widgetModel(
        'abcdefghi'.split('').map((c) => field(c, t.string)),
        [],
        res({
          selectableFields: 'abcdefghi'.split('').map((c) => `.spec.${c}`),
        }),
      ),
      want: ['10:1: CRD widgets.example.com: version v1: 9 selectable fields; the apiserver allows at most 8'],
    },
  ],
  [
    'protected group with approval annotation',
    {
      given: (() => {
        const k = kind('Widget', [], {
          crdAnnotations: {
            'api-approved.kubernetes.io': 'unapproved, experimental',
          },
        });
        return model([version('v1', [k], 'samplecrd.k8s.io')], 'samplecrd.k8s.io');
      })(),
      want: [],
    },
  ],
  [
    'invalid approval annotation',
    {
      given: (() => {
        const k = kind('Widget', [], {
          crdAnnotations: { 'api-approved.kubernetes.io': 'yes' },
        });
        return model([version('v1', [k], 'samplecrd.k8s.io')], 'samplecrd.k8s.io');
      })(),
      want: [
        '10:1: CRD widgets.samplecrd.k8s.io: annotation "api-approved.kubernetes.io" must be the URL of the approving pull request or start with "unapproved", got "yes"',
      ],
    },
  ],
  [
    'enum value of the wrong type',
    {
      given: widgetModel([field('a', t.int32, { line: 5, markers: [mk(`${V}Enum`, [1, 'two'], 6)] })]),
      want: [
        '6:4: +kubebuilder:validation:Enum value "two" is a string, but field "a" is of type integer; write values of that type (quote strings, no quotes for numbers)',
      ],
    },
  ],
  [
    'no served version is a warning',
    {
      given: model([version('v1', [kind('Widget', [], { served: false })])]),
      want: [
        '10:1: warning: CRD widgets.example.com: no version is served, so no client can use it; remove +kubebuilder:unservedversion from one',
      ],
    },
  ],
  [
    'a rule selecting an undefined field',
    {
      given: widgetModel(
        [field('a', t.ref('P'), { line: 5 })],
        [
          struct(
            'P',
            [
              field('min', t.int32, { line: 9 }),
              field('max', t.int32, { line: 10 }),
              field('m', t.map(t.string), { line: 11 }),
            ],
            {
              markers: [
                mk(`${V}XValidation`, { rule: 'self.min <= self.maxx && self.m.anyKey == "x" && has(self.min.x)' }, 3),
              ],
            },
          ),
        ],
      ),
      want: [
        '3:4: CRD widgets.example.com: version v1: .spec.a: rule "self.min <= self.maxx && self.m.anyKey == \\"x\\" && has(self.min.x)": self.maxx: no such field (fields: min, max, m); the apiserver compiles rules against the schema and refuses undefined fields',
        '3:4: CRD widgets.example.com: version v1: .spec.a: rule "self.min <= self.maxx && self.m.anyKey == \\"x\\" && has(self.min.x)": self.min.x: self.min is integer, which has no fields',
      ],
    },
  ],
  [
    'root rules see metadata.name only',
    {
      given: model([
        version('v1', [
          kind(
            'Widget',
            [],
            {},
            {
              markers: [
                mk(
                  `${V}XValidation`,
                  { rule: "self.metadata.name.startsWith('w') && self.metadata.labels.size() > 0" },
                  3,
                ),
              ],
            },
          ),
        ]),
      ]),
      want: [
        '3:4: CRD widgets.example.com: version v1: schema root: rule "self.metadata.name.startsWith(\'w\') && self.metadata.labels.size() > 0": self.metadata.labels: rules see only metadata.name and metadata.generateName of the object',
      ],
    },
  ],
  [
    'k8s:enum on a type without literal values',
    {
      given: widgetModel(
        [field('a', t.ref('Mode'), { line: 5 })],
        [alias('Mode', t.string, { markers: [mk('k8s:enum', true, 3)] })],
      ),
      want: [
        "3:4: warning: +k8s:enum has no effect on type Mode: it has no literal values; declare it as a union of string literals ('A' | 'B')",
      ],
    },
  ],
  [
    'a default that breaks a CEL rule',
    {
      given: widgetModel(
        [field('a', t.ref('Range'), { line: 5, markers: [mk('default', { min: 5, max: 1 }, 7)] })],
        [
          struct('Range', [field('min', t.int32), field('max', t.int32)], {
            markers: [mk(`${V}XValidation`, { rule: 'self.min <= self.max', message: 'min must not exceed max' }, 3)],
          }),
        ],
      ),
      want: [
        '7:4: CRD widgets.example.com: version v1: .spec.a: default {"min":5,"max":1} fails a validation rule: <value>: min must not exceed max',
      ],
    },
  ],
];

describe('apiserver rules are enforced at generation time, with positions', () => {
  it.each(CASES)('%s', (_name, { given, want }) => {
    expect(diags(given)).toEqual(want);
  });

  it('writes no file for a CRD with an error, but still writes the others', () => {
    const m = model([
      version('v1', [
        kind('Widget', [
          field('a', t.array(t.string), {
            markers: [mk(`${V}UniqueItems`, true)],
          }),
        ]),
        kind('Gadget', [field('b', t.string)]),
      ]),
    ]);
    const r = generateCrds(m, OPTS);
    expect(r.files.map((f) => f.path)).toEqual(['example.com_gadgets.yaml']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unique-items-refused']);
  });

  it('warnings alone do not stop a CRD', () => {
    const r = generateCrds(widgetModel([field('a', t.string, { markers: [mk(`${V}Format`, 'zip')] })]), OPTS);
    expect(r.files).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('every message is a single line', () => {
    for (const [, { given }] of CASES) for (const line of diags(given)) expect(line).not.toMatch(/\n/);
  });
});
