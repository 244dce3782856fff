import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import {
  generateCrds,
  type CustomResourceDefinition,
  type JSONSchemaProps,
} from '../../../src/generators/crd/index.js';
import type { ApiModel, Field, TypeDecl } from '../../../src/model/types.js';
import { QUANTITY_PATTERN } from '../../../src/generators/crd/wellknown.js';
import { checkStructuralCrd } from '../../crd/structural.js';
import { alias, field, kind, mk, model, struct, t, version, widgetModel } from './build.js';

const OPTS = {
  runtimeImport: '@kubegen/runtime',
  boilerplate: '',
  importExtension: '.js' as const,
  version: 'v0.1.0',
};

function generate(m: ApiModel, maxDescLen?: number) {
  const r = generateCrds(m, maxDescLen === undefined ? OPTS : { ...OPTS, maxDescLen });
  const crds = r.files.map((f) => yaml.load(f.content.split('\n---\n')[1]!) as CustomResourceDefinition);
  return { ...r, crds };
}

/** The schema of `spec` for a Widget whose spec has the given fields. */
function spec(fields: Field[], extra: TypeDecl[] = []): JSONSchemaProps {
  const r = generate(widgetModel(fields, extra));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const crd = r.crds[0]!;
  expect(checkStructuralCrd(crd)).toEqual([]);
  return crd.spec.versions[0]!.schema.openAPIV3Schema.properties!['spec']!;
}

function prop(fields: Field[], name = fields[0]!.name, extra: TypeDecl[] = []): JSONSchemaProps {
  return spec(fields, extra).properties![name]!;
}

describe('type → schema', () => {
  const cases: [string, { given: Field; extra?: TypeDecl[]; want: JSONSchemaProps }][] = [
    ['string', { given: field('a', t.string), want: { type: 'string' } }],
    ['boolean', { given: field('a', t.bool), want: { type: 'boolean' } }],
    ['number', { given: field('a', t.number), want: { type: 'number' } }],
    [
      'int32',
      {
        given: field('a', t.int32),
        want: { type: 'integer', format: 'int32' },
      },
    ],
    [
      'int64',
      {
        given: field('a', t.int64),
        want: { type: 'integer', format: 'int64' },
      },
    ],
    ['float64 is a plain number', { given: field('a', t.float64), want: { type: 'number' } }],
    [
      'literal union → enum',
      {
        given: field('a', t.literals('A', 'B')),
        want: { type: 'string', enum: ['A', 'B'] },
      },
    ],
    [
      'array',
      {
        given: field('a', t.array(t.string)),
        want: { type: 'array', items: { type: 'string' } },
      },
    ],
    [
      'map',
      {
        given: field('a', t.map(t.int32)),
        want: {
          type: 'object',
          additionalProperties: { type: 'integer', format: 'int32' },
        },
      },
    ],
    [
      'nullable',
      {
        given: field('a', t.nullable(t.string)),
        want: { type: 'string', nullable: true },
      },
    ],
    [
      'unknown → preserve unknown fields',
      {
        given: field('a', t.unknown),
        want: { 'x-kubernetes-preserve-unknown-fields': true },
      },
    ],
    [
      'inline object',
      {
        given: field('a', t.object([field('x', t.string), field('y', t.bool, { optional: true })])),
        want: {
          type: 'object',
          properties: { x: { type: 'string' }, y: { type: 'boolean' } },
          required: ['x'],
        },
      },
    ],
    [
      'Time',
      {
        given: field('a', t.wk('Time')),
        want: { type: 'string', format: 'date-time' },
      },
    ],
    [
      'MicroTime',
      {
        given: field('a', t.wk('MicroTime')),
        want: { type: 'string', format: 'date-time' },
      },
    ],
    ['Duration', { given: field('a', t.wk('Duration')), want: { type: 'string' } }],
    [
      'IntOrString',
      {
        given: field('a', t.wk('IntOrString')),
        want: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
        },
      },
    ],
    [
      'Quantity with its pattern',
      {
        given: field('a', t.wk('Quantity')),
        want: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          pattern: QUANTITY_PATTERN,
          'x-kubernetes-int-or-string': true,
        },
      },
    ],
    [
      'RawExtension',
      {
        given: field('a', t.wk('RawExtension')),
        want: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    ],
    [
      'struct ref takes the type description',
      {
        given: field('a', t.ref('Inner')),
        extra: [
          struct('Inner', [field('x', t.string)], {
            description: 'Inner is inside.',
          }),
        ],
        want: {
          type: 'object',
          description: 'Inner is inside.',
          properties: { x: { type: 'string' } },
          required: ['x'],
        },
      },
    ],
    [
      'field description wins over the type description',
      {
        given: field('a', t.ref('Inner'), { description: 'A is the field.' }),
        extra: [
          struct('Inner', [field('x', t.string)], {
            description: 'Inner is inside.',
          }),
        ],
        want: {
          type: 'object',
          description: 'A is the field.',
          properties: { x: { type: 'string' } },
          required: ['x'],
        },
      },
    ],
    [
      'embeds are flattened, own fields last and winning',
      {
        given: field('a', t.ref('Outer')),
        extra: [
          struct('Base', [field('x', t.string), field('y', t.string)]),
          struct('Outer', [field('y', t.int32), field('z', t.bool)], {
            embeds: [t.ref('Base')],
          }),
        ],
        want: {
          type: 'object',
          properties: {
            x: { type: 'string' },
            y: { type: 'integer', format: 'int32' },
            z: { type: 'boolean' },
          },
          required: ['x', 'y', 'z'],
        },
      },
    ],
    [
      'alias markers apply where the alias is used',
      {
        given: field('a', t.ref('Percent')),
        extra: [
          alias('Percent', t.int32, {
            markers: [mk('kubebuilder:validation:Minimum', 0), mk('kubebuilder:validation:Maximum', 100)],
          }),
        ],
        want: { type: 'integer', format: 'int32', minimum: 0, maximum: 100 },
      },
    ],
    [
      "a field's markers win over its alias's",
      {
        given: field('a', t.ref('Percent'), {
          markers: [mk('kubebuilder:validation:Maximum', 50)],
        }),
        extra: [
          alias('Percent', t.int32, {
            markers: [mk('kubebuilder:validation:Maximum', 100)],
          }),
        ],
        want: { type: 'integer', format: 'int32', maximum: 50 },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, extra, want }) => {
    expect(prop([given], given.name, extra)).toEqual(want);
  });

  it('expands Condition fully, with its required fields', () => {
    const c = prop([field('c', t.wk('Condition'))]);
    expect(Object.keys(c.properties!).sort()).toEqual([
      'lastTransitionTime',
      'message',
      'observedGeneration',
      'reason',
      'status',
      'type',
    ]);
    expect(c.required).toEqual(['lastTransitionTime', 'message', 'reason', 'status', 'type']);
    expect(c.properties!['status']!.enum).toEqual(['True', 'False', 'Unknown']);
  });

  it('expands LabelSelector as an atomic map with matchLabels and matchExpressions', () => {
    const s = prop([field('s', t.wk('LabelSelector'))]);
    expect(s['x-kubernetes-map-type']).toBe('atomic');
    expect(s.properties!['matchLabels']).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(s.properties!['matchExpressions']!.items!.required).toEqual(['key', 'operator']);
  });

  it('expands ObjectMeta in nested positions, but keeps the root metadata type: object only', () => {
    const r = generate(
      widgetModel([field('template', t.object([field('metadata', t.wk('ObjectMeta'), { optional: true })]))]),
    );
    const root = r.crds[0]!.spec.versions[0]!.schema.openAPIV3Schema;
    expect(root.properties!['metadata']).toEqual({ type: 'object' });
    const nested = root.properties!['spec']!.properties!['template']!.properties!['metadata']!;
    expect(nested.properties!['labels']).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(nested.properties!['ownerReferences']!['x-kubernetes-list-type']).toBe('map');
    expect(checkStructuralCrd(r.crds[0])).toEqual([]);
  });

  it('computes required from optionality and the optional/required markers', () => {
    const s = spec([
      field('plain', t.string),
      field('question', t.string, { optional: true }),
      field('markedOptional', t.string, { markers: [mk('optional')] }),
      field('k8sOptional', t.string, { markers: [mk('k8s:optional')] }),
      field('kbOptional', t.string, {
        markers: [mk('kubebuilder:validation:Optional')],
      }),
      field('markedRequired', t.string, {
        optional: true,
        markers: [mk('required')],
      }),
      field('k8sRequired', t.string, {
        optional: true,
        markers: [mk('k8s:required')],
      }),
      field('kbRequired', t.string, {
        optional: true,
        markers: [mk('kubebuilder:validation:Required')],
      }),
    ]);
    expect(s.required).toEqual(['plain', 'markedRequired', 'k8sRequired', 'kbRequired']);
  });

  it('a struct marked +kubebuilder:validation:Optional makes its unmarked fields optional', () => {
    const s = prop([field('a', t.ref('Opt'))], 'a', [
      struct('Opt', [field('x', t.string), field('y', t.string, { markers: [mk('required')] })], {
        markers: [mk('kubebuilder:validation:Optional')],
      }),
    ]);
    expect(s.required).toEqual(['y']);
  });

  it('cleans descriptions: drops TODO lines, cuts after ---, truncates at --max-desc-len', () => {
    const f = field('a', t.string, {
      description: 'First line.\nTODO: fix this\nSecond line is long enough.\n---\nInternal notes.',
    });
    const full = generate(widgetModel([f]));
    expect(
      full.crds[0]!.spec.versions[0]!.schema.openAPIV3Schema.properties!['spec']!.properties!['a']!.description,
    ).toBe('First line.\nSecond line is long enough.');
    const cut = generate(widgetModel([f]), 20);
    expect(
      cut.crds[0]!.spec.versions[0]!.schema.openAPIV3Schema.properties!['spec']!.properties!['a']!.description,
    ).toBe('First line.\nSecond...');
    const none = generate(widgetModel([f]), 0);
    expect(JSON.stringify(none.crds[0])).not.toContain('"description"');
  });

  it('reports a recursive type instead of looping', () => {
    const r = generate(
      widgetModel(
        [field('node', t.ref('Node'), { line: 7 })],
        [struct('Node', [field('children', t.array(t.ref('Node')), { line: 8 })])],
      ),
    );
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.pos.line}: ${d.code}`)).toEqual(['8: recursive-type']);
    expect(r.diagnostics[0]!.message).toContain('(Node → Node)');
  });

  it('a Schemaless recursive field is accepted with the markers that type it', () => {
    const node = struct('Node', [
      field('children', t.array(t.ref('Node')), {
        optional: true,
        markers: [
          mk('kubebuilder:validation:Schemaless'),
          mk('kubebuilder:validation:Type', 'array'),
          mk('kubebuilder:pruning:PreserveUnknownFields'),
        ],
      }),
    ]);
    const s = prop([field('node', t.ref('Node'))], 'node', [node]);
    expect(s.properties!['children']).toEqual({
      type: 'array',
      items: { 'x-kubernetes-preserve-unknown-fields': true },
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });
});

describe('CRD assembly', () => {
  it('merges versions in Kubernetes priority order, storage and served flags, names from the storage version', () => {
    const mkv = (v: string, storage: boolean, extra: Partial<import('../../../src/model/types.js').Resource> = {}) =>
      version(v, [
        kind('Widget', [field('spec', t.object([field('a', t.string)]), { optional: true })], { storage, ...extra }),
      ]);
    const m = model([
      mkv('v1alpha1', false, { served: false }),
      mkv('v1', true, { shortNames: ['wd'] }),
      mkv('v1beta2', false, { deprecated: true, deprecationWarning: 'use v1' }),
      mkv('v1beta1', false),
    ]);
    const r = generate(m);
    expect(r.diagnostics).toEqual([]);
    const crd = r.crds[0]!;
    expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).toEqual([
      ['v1', true, true],
      ['v1beta2', true, false],
      ['v1beta1', true, false],
      ['v1alpha1', false, false],
    ]);
    expect(crd.spec.versions[1]).toMatchObject({
      deprecated: true,
      deprecationWarning: 'use v1',
    });
    expect(crd.spec.names).toEqual({
      kind: 'Widget',
      listKind: 'WidgetList',
      plural: 'widgets',
      singular: 'widget',
      shortNames: ['wd'],
    });
    expect(r.files[0]!.path).toBe('example.com_widgets.yaml');
    expect(checkStructuralCrd(crd)).toEqual([]);
  });

  it('omits skipped versions, and a lone version is storage', () => {
    const m = model([
      version('v1', [kind('Widget', [], { storage: false })]),
      version('v2', [kind('Widget', [], { storage: false, skipVersion: true })]),
    ]);
    const r = generate(m);
    expect(r.crds[0]!.spec.versions.map((v) => [v.name, v.storage])).toEqual([['v1', true]]);
  });

  it('writes subresources, printer columns, selectable fields, scope, categories, metadata', () => {
    const pos = { file: 'example/v1/types.ts', line: 3, col: 4 };
    const m = widgetModel([field('replicas', t.int32), field('color', t.string)], [], {
      scope: 'Cluster',
      categories: ['all'],
      subresources: {
        status: true,
        scale: {
          specReplicasPath: '.spec.replicas',
          statusReplicasPath: '.status.replicas',
          labelSelectorPath: '.status.selector',
        },
      },
      printerColumns: [
        {
          name: 'Replicas',
          type: 'integer',
          jsonPath: '.spec.replicas',
          description: 'Desired',
          priority: 1,
          pos,
        },
      ],
      selectableFields: ['.spec.color'],
      crdAnnotations: { 'example.com/a': 'b' },
      crdLabels: { team: 'x' },
    });
    // status field for the scale path
    const k = m.groups[0]!.versions[0]!.types.find(
      (x) => x.name === 'Widget',
    )! as import('../../../src/model/types.js').StructType;
    k.fields.push(
      field(
        'status',
        t.object([field('replicas', t.int32, { optional: true }), field('selector', t.string, { optional: true })]),
        { optional: true },
      ),
    );
    const r = generate(m);
    expect(r.diagnostics).toEqual([]);
    const crd = r.crds[0]!;
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.spec.names.categories).toEqual(['all']);
    expect(crd.metadata).toEqual({
      name: 'widgets.example.com',
      annotations: { 'example.com/a': 'b', 'kubegen.dev/version': 'v0.1.0' },
      labels: { team: 'x' },
    });
    const v = crd.spec.versions[0]!;
    expect(v.subresources).toEqual({
      status: {},
      scale: {
        specReplicasPath: '.spec.replicas',
        statusReplicasPath: '.status.replicas',
        labelSelectorPath: '.status.selector',
      },
    });
    expect(v.additionalPrinterColumns).toEqual([
      {
        name: 'Replicas',
        type: 'integer',
        jsonPath: '.spec.replicas',
        description: 'Desired',
        priority: 1,
      },
    ]);
    expect(v.selectableFields).toEqual([{ jsonPath: '.spec.color' }]);
    expect(checkStructuralCrd(crd)).toEqual([]);
  });

  it('renders like controller-gen: header, boilerplate comments, ---, sorted keys, no status', () => {
    const r = generateCrds(widgetModel([field('a', t.string)]), {
      ...OPTS,
      boilerplate: '/*\nCopyright 2026 The Authors.\n*/\n',
    });
    const text = r.files[0]!.content;
    expect(
      text.startsWith(
        '# Code generated by kubegen. DO NOT EDIT.\n# Copyright 2026 The Authors.\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n',
      ),
    ).toBe(true);
    expect(text).not.toContain('status:');
    expect(text).not.toContain('creationTimestamp');
    expect(text).toContain('  versions:\n  - name: v1\n');
    expect(
      generateCrds(widgetModel([field('a', t.string)]), {
        ...OPTS,
        boilerplate: '/*\nCopyright 2026 The Authors.\n*/\n',
      }).files[0]!.content,
    ).toBe(text);
  });

  it('warns when the CRD is too large for client-side kubectl apply', () => {
    const long = 'A long description. '.repeat(200);
    const fields = Array.from({ length: 80 }, (_, i) =>
      field(`f${i}`, t.string, { optional: true, description: long }),
    );
    const r = generate(widgetModel(fields));
    expect(r.files).toHaveLength(1);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'crd-size']]);
    expect(r.diagnostics[0]!.message).toMatch(
      /^CRD widgets.example.com is \d+ KiB as JSON: .* kubectl apply --server-side/,
    );
    expect(generate(widgetModel(fields), 100).diagnostics).toEqual([]);
  });

  it('skips the core group and packages marked +kubebuilder:skip', () => {
    const core = model([version('v1', [kind('Pod', [])], '')], '');
    expect(generate(core).files).toEqual([]);
    const skipped = model([version('v1', [kind('Widget', [])], 'example.com', { crdSkip: true })]);
    expect(generate(skipped).files).toEqual([]);
  });
});
