/**
 * Kind- and CRD-level import: names, scope, versions (storage, served, deprecated), subresources, printer
 * columns, selectable fields, CRD metadata — as markers, and back through the generator; document-level
 * bad input with positions; determinism; the imported TypeScript type-checks under strict.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCrds } from '../../src/import/index.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { typecheckFiles } from '../util/typecheck.js';
import { crdDocuments, normaliseCrd, readInput, realCrdFiles, roundTrip, type RoundTrip } from './roundtrip.js';

/** Two versions, cluster-scoped, every kind-level feature (also the golden case test/import/golden/widgets). */
const WIDGETS = readFileSync(join(import.meta.dirname, 'golden', 'widgets', 'widgets.yaml'), 'utf8');

const trips: RoundTrip[] = [];
afterAll(() => trips.forEach((t) => t.cleanup()));

describe('kind-level import', () => {
  const result = importCrds([{ path: 'widgets.yaml', text: WIDGETS }]);

  it('writes one package per version', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((f) => f.path)).toEqual(['toys/v1/doc.ts', 'toys/v1/widget_types.ts', 'toys/v1beta1/doc.ts', 'toys/v1beta1/widget_types.ts']);
    expect(result.kinds).toEqual([{ group: 'toys.example.com', kind: 'Widget', versions: ['v1', 'v1beta1'], source: 'widgets.yaml:2' }]);
  });

  it('restores the kind markers', () => {
    const v1 = result.files.find((f) => f.path === 'toys/v1/widget_types.ts')!.content;
    const doc = v1.slice(v1.indexOf('/**'), v1.indexOf('export interface Widget '));
    expect(doc).toBe(
      [
        '/**',
        ' * Widget is a toy.',
        ' *',
        ' * +genclient',
        ' * +genclient:nonNamespaced',
        ' * +kubebuilder:object:root=true',
        ' * +kubebuilder:resource:path=widgets,shortName=wd;wdg,categories=all;toys,singular=widget,scope=Cluster',
        ' * +kubebuilder:storageversion',
        ' * +kubebuilder:subresource:status',
        ' * +kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector',
        ' * +kubebuilder:printcolumn:name=Replicas,type=integer,JSONPath=.spec.replicas,description=Desired replicas',
        ' * +kubebuilder:printcolumn:name=Age,type=date,JSONPath=.metadata.creationTimestamp,format=date-time,priority=1',
        ' * +kubebuilder:selectablefield:JSONPath=.spec.color',
        ' * +kubebuilder:metadata:annotations=example.com/owner=team-toys,labels=app.kubernetes.io/part-of=toys',
        ' * +kubebuilder:validation:XValidation:rule=self.metadata.name.size() <= 30,message=name too long',
        ' */',
        '',
      ].join('\n'),
    );
    const beta = result.files.find((f) => f.path === 'toys/v1beta1/widget_types.ts')!.content;
    expect(beta).toContain(' * +genclient:noStatus\n');
    expect(beta).toContain(' * +kubebuilder:unservedversion\n');
    expect(beta).toContain(' * +kubebuilder:deprecatedversion:warning=`toys.example.com/v1beta1 Widget is deprecated; use v1`\n');
    expect(beta).not.toContain('+kubebuilder:storageversion');
    expect(beta).not.toContain('+kubebuilder:metadata');
  });

  it('comes back as the same CRD from the generator', () => {
    const t = roundTrip([{ path: 'widgets.yaml', text: WIDGETS }]);
    trips.push(t);
    expect(t.generated?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const original = crdDocuments(WIDGETS)[0]!;
    const regenerated = t.crds.get('toys.example.com/Widget')!;
    expect(normaliseCrd(regenerated, original)).toEqual(normaliseCrd(original));
    const meta = regenerated['metadata'] as { annotations: Record<string, string>; labels: Record<string, string> };
    expect(meta.annotations['example.com/owner']).toBe('team-toys');
    expect(meta.annotations['controller-gen.kubebuilder.io/version']).toBeUndefined();
    expect(meta.labels).toEqual({ 'app.kubernetes.io/part-of': 'toys' });
  });

  it('is deterministic', () => {
    expect(importCrds([{ path: 'widgets.yaml', text: WIDGETS }])).toEqual(result);
  });
});

const BAD_DOCS: [string, { given: string; want: string[] }][] = [
  ['not YAML', { given: 'apiVersion: v1\nkind: [unclosed\n', want: ['x.yaml:3:1: unexpected end of the stream within a flow collection: the file is not valid YAML; fix the syntax'] }],
  [
    'a v1beta1 CRD',
    {
      given: 'apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nspec: {}\n',
      want: ['x.yaml:1:1: CustomResourceDefinition with apiVersion "apiextensions.k8s.io/v1beta1": only apiextensions.k8s.io/v1 can be imported; convert it first'],
    },
  ],
  ['no CRD at all', { given: 'apiVersion: v1\nkind: ConfigMap\n', want: ['x.yaml:1:1: no CustomResourceDefinition in this file', 'x.yaml:2:1: warning: document 1 is a ConfigMap, not a CustomResourceDefinition: skipped'] }],
  ['a scalar document', { given: 'hello\n', want: ['x.yaml:1:1: document 1 is not a Kubernetes object'] }],
  ['a listKind kubegen cannot name', { given: WIDGETS.replace('listKind: WidgetList', 'listKind: Widgets'), want: ['x.yaml:15:5: listKind "Widgets" is not WidgetList'] }],
  ['a version that cannot be a folder', { given: WIDGETS.replace('name: v1beta1', 'name: stable'), want: ['x.yaml:76:5: version "stable" cannot be a kubegen version folder'] }],
  ['a schema construct, with its position', { given: WIDGETS.replace('default: red', 'default: red\n                not: {enum: [green]}'), want: ['x.yaml:68:17: not cannot be imported: kubegen has no marker for not'] }],
  ['root metadata with a schema', { given: WIDGETS.replace('          metadata:\n            type: object', '          metadata:\n            type: object\n            properties:\n              name: {type: string, maxLength: 30}'), want: ['x.yaml:56:11: the root metadata can only be imported as type: object'] }],
  ['two storage versions', { given: WIDGETS.replace('    served: false\n    storage: false', '    served: false\n    storage: true'), want: ['x.yaml:21:3: 2 versions are marked storage: true; a CRD has exactly one storage version'] }],
  ['a kind that is no identifier', { given: WIDGETS.replace('kind: Widget\n', 'kind: my-widget\n'), want: ['x.yaml:14:5: kind "my-widget" cannot name a TypeScript interface'] }],
  ['a kind that is a runtime type name', { given: WIDGETS.replace(/Widget/g, 'Quantity').replace(/widget/g, 'quantity'), want: ['x.yaml:14:5: kind Quantity would declare Quantity, which collides with the runtime type Quantity of @kubegen/runtime'] }],
];

describe('edge shapes', () => {
  const crd = (schema: string, extra = ''): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: blobs.example.com
spec:
  group: example.com
  names:
    kind: Blob
    plural: blobs
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true${extra}
    schema:
      openAPIV3Schema:
${schema}`;
  it.each([
    ['a schemaless CRD (the root keeps unknown fields)', crd('        type: object\n        x-kubernetes-preserve-unknown-fields: true\n')],
    [
      'nullable objects and arrays, embedded resources, int-or-string maps',
      crd(`        type: object
        properties:
          spec:
            type: object
            nullable: true
            properties:
              template:
                type: object
                x-kubernetes-embedded-resource: true
                x-kubernetes-preserve-unknown-fields: true
              templates:
                type: array
                items:
                  type: object
                  x-kubernetes-embedded-resource: true
                  properties:
                    apiVersion: {type: string}
                    kind: {type: string}
                    metadata: {type: object}
              ports:
                type: array
                nullable: true
                items:
                  type: object
                  nullable: true
                  properties:
                    port: {type: integer, format: int32}
              weights:
                type: object
                additionalProperties:
                  x-kubernetes-int-or-string: true
                  anyOf: [{type: integer}, {type: string}]
`),
    ],
    ['a status subresource and a scale subresource without selector', crd('        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              replicas: {type: integer, format: int32}\n          status:\n            type: object\n            properties:\n              replicas: {type: integer, format: int32}\n', '\n    subresources:\n      status: {}\n      scale:\n        specReplicasPath: .spec.replicas\n        statusReplicasPath: .status.replicas')],
  ])('%s', (_name, text) => {
    const t = roundTrip([{ path: 'blob.yaml', text }], ['crd']);
    trips.push(t);
    expect(t.imported.diagnostics).toEqual([]);
    expect(t.generated?.diagnostics).toEqual([]);
    const original = crdDocuments(text)[0]!;
    expect(normaliseCrd(t.crds.get('example.com/Blob')!, original)).toEqual(normaliseCrd(original));
  });
});

describe('bad CRD documents', () => {
  it.each(BAD_DOCS)('%s', (_name, { given, want }) => {
    const r = importCrds([{ path: 'x.yaml', text: given }]);
    const lines = r.diagnostics.map((d) => formatDiagnostic(d));
    for (const w of want) expect(lines.some((l) => l.startsWith(w)), `${w}\nin\n${lines.join('\n')}`).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.files).toEqual([]);
  });

  it('two CRDs for the same kind', () => {
    const r = importCrds([
      { path: 'a.yaml', text: WIDGETS },
      { path: 'b.yaml', text: WIDGETS },
    ]);
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual(['b.yaml:14:5: kind Widget of group toys.example.com is also defined at a.yaml:2: import one of the two CRDs']);
  });
});

describe('imported TypeScript type-checks under strict', () => {
  const picks = realCrdFiles().filter(([l]) => /certificates|podmonitors|crd-status|clusterissuers/.test(l));
  it.skipIf(picks.length === 0)('real CRDs plus all the code kubegen generates for them', () => {
    // Every generator: the clientset refers to apply configurations, informers to listers, and so on.
    const t = roundTrip(
      picks.map(([l, f]) => readInput(l, f)),
      ['all'],
    );
    trips.push(t);
    expect(t.imported.ok).toBe(true);
    expect(t.generated?.ok).toBe(true);
    expect(typecheckFiles(t.tsFiles)).toEqual([]);
  });
});

describe('types several kinds of a package share', () => {
  const kind = (kind: string, plural: string, scope: string, spec: string): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.certs.example.com
spec:
  group: certs.example.com
  names:
    kind: ${kind}
    plural: ${plural}
  scope: ${scope}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
${spec}`;
  const issuerSpec = `            type: object
            properties:
              acme:
                type: object
                properties:
                  server: {type: string}
                  email: {type: string}
`;
  const small = '            type: object\n            properties:\n              size: {type: integer, format: int32}\n';
  const inputs = [
    { path: 'issuer.yaml', text: kind('Issuer', 'issuers', 'Namespaced', issuerSpec) },
    { path: 'clusterissuer.yaml', text: kind('ClusterIssuer', 'clusterissuers', 'Cluster', issuerSpec) },
    { path: 'foo.yaml', text: kind('Foo', 'foos', 'Namespaced', small) },
    { path: 'bar.yaml', text: kind('Bar', 'bars', 'Namespaced', small) },
  ];

  it('go to types.ts under a name of their own; a generic one (a lone Spec) stays per kind', () => {
    const r = importCrds(inputs);
    expect(r.diagnostics).toEqual([]);
    const byPath = new Map(r.files.map((f) => [f.path, f.content]));
    expect([...byPath.keys()]).toEqual([
      'certs/v1/bar_types.ts',
      'certs/v1/clusterissuer_types.ts',
      'certs/v1/doc.ts',
      'certs/v1/foo_types.ts',
      'certs/v1/issuer_types.ts',
      'certs/v1/types.ts',
    ]);
    const shared = byPath.get('certs/v1/types.ts')!;
    expect(shared.match(/^export interface \w+/gm)).toEqual(['export interface IssuerSpec', 'export interface IssuerSpecAcme']);
    for (const f of ['certs/v1/issuer_types.ts', 'certs/v1/clusterissuer_types.ts']) {
      expect(byPath.get(f)).toContain("import type { IssuerSpec } from './types.js';");
      expect(byPath.get(f)).toContain('  spec?: IssuerSpec;');
    }
    expect(byPath.get('certs/v1/foo_types.ts')).toContain('export interface FooSpec {');
    expect(byPath.get('certs/v1/bar_types.ts')).toContain('export interface BarSpec {');
  });

  it('come back as the same CRDs, and type-check with the generated code', () => {
    const t = roundTrip(inputs, ['all']);
    trips.push(t);
    expect(t.generated?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const input of inputs) {
      const original = crdDocuments(input.text)[0]!;
      const spec = original['spec'] as { group: string; names: { kind: string } };
      expect(normaliseCrd(t.crds.get(`${spec.group}/${spec.names.kind}`)!, original)).toEqual(normaliseCrd(original));
    }
    expect(typecheckFiles(t.tsFiles)).toEqual([]);
  });
});

describe('group folders', () => {
  const crd = (group: string, kind = 'Thing'): { path: string; text: string } => ({
    path: `${group}.yaml`,
    text: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${kind.toLowerCase()}s.${group}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {a: {type: string}}}}}
`,
  });
  const docOf = (r: ReturnType<typeof importCrds>, dir: string): string => r.files.find((f) => f.path === `${dir}/v1/doc.ts`)?.content ?? '';

  it.each([
    ['the first DNS label', { given: [crd('widgets.example.com')], options: {}, want: ['widgets'] }],
    ['groups sharing a first label get more labels and a groupGoName', { given: [crd('monitoring.coreos.com'), crd('monitoring.example.com', 'Other')], options: {}, want: ['monitoring-coreos', 'monitoring-example'] }],
    ['the folder the output tree already uses for the group', { given: [crd('widgets.example.com')], options: { groupDirs: { 'widgets.example.com': 'toys' }, takenDirs: ['toys'] }, want: ['toys'] }],
    ['a folder another group holds is not reused', { given: [crd('widgets.example.com')], options: { groupDirs: { 'widgets.other.io': 'widgets' }, takenDirs: ['widgets'] }, want: ['widgets-example'] }],
  ])('%s', (_name, { given, options, want }) => {
    const r = importCrds(given, options);
    expect(r.diagnostics).toEqual([]);
    expect([...new Set(r.files.map((f) => f.path.split('/')[0]))]).toEqual(want);
    for (const dir of want) {
      const goName = dir.includes('-') ? dir.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('') : undefined;
      if (goName) expect(docOf(r, dir)).toContain(` * +groupGoName=${goName}\n`);
      else expect(docOf(r, dir)).not.toContain('+groupGoName');
    }
  });

  it('two groups with one first label generate side by side (distinct client accessors)', () => {
    const t = roundTrip([crd('monitoring.coreos.com'), crd('monitoring.example.com', 'Other')], ['crd', 'deepcopy', 'register', 'clientset']);
    trips.push(t);
    expect(t.generated?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(t.crds.size).toBe(2);
  });
});
