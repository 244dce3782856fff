import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { validateModel } from '../../src/model/validate.js';
import { DOC, RUNTIME_IMPORT, lines, load, model } from '../parse/helpers.js';

/** A kind declaration (with markers) and, unless `list` is false, its list. */
function kind(
  name: string,
  markers: string[] = ['+genclient'],
  opts: { list?: boolean; body?: string; ext?: string } = {},
): string {
  const list =
    opts.list === false
      ? ''
      : `\nexport interface ${name}List extends TypeMeta { metadata?: ListMeta; items: ${name}[] }\n`;
  return `\n/**\n${markers.map((m) => ` * ${m}`).join('\n')}\n */\nexport interface ${name} extends ${opts.ext ?? 'TypeMeta'} {\n${opts.body ?? '  metadata?: ObjectMeta;'}\n}\n${list}`;
}
const types = (...parts: string[]): string => `${RUNTIME_IMPORT}\n${parts.join('')}`;
const version = (v: string, body: string, group = 'things.example.com'): Record<string, string> => ({
  [`things/${v}/doc.ts`]: DOC(group),
  [`things/${v}/types.ts`]: body,
});

describe('whole-model checks', () => {
  const cases: [string, { files: Record<string, string>; want: string[] }][] = [
    [
      'duplicate kind across files of a version',
      {
        files: {
          ...version('v1', types(kind('Thing'))),
          'things/v1/more.ts': types(kind('Thing', ['+genclient'], { list: false })),
        },
        want: [
          'things/v1/types.ts:6:18: kind Thing is declared twice in package things/v1 (also at things/v1/more.ts:6:18): each name may be declared once per package; rename or remove one',
        ],
      },
    ],
    [
      'a version folder that is no Kubernetes version',
      {
        files: version('v0', types('export interface A { a: string }\n')),
        want: [
          'things/v0/doc.ts:1:1: v0 is not a Kubernetes version name (v1, v2beta1, v1alpha2 …; no zero major or minor): rename the folder things/v0 or set +versionName',
        ],
      },
    ],
    [
      'two groups with the same accessor name',
      {
        files: {
          ...version('v1', types('export interface A { a: string }\n')),
          'other/v1/doc.ts': DOC('things.other.com'),
          'other/v1/types.ts': 'export interface B { b: string }\n',
        },
        want: [
          'other/v1/doc.ts:2:4: things.example.com and things.other.com both get the accessor name things (clientset.things…()): set a distinct +groupGoName in the doc.ts of one of them',
        ],
      },
    ],
    [
      '+groupGoName resolves an accessor collision',
      {
        files: {
          ...version('v1', types('export interface A { a: string }\n')),
          'other/v1/doc.ts': DOC('things.other.com', '// +groupGoName=OtherThings\n'),
          'other/v1/types.ts': 'export interface B { b: string }\n',
        },
        want: [],
      },
    ],
    [
      'duplicate plain type',
      {
        files: {
          ...version('v1', types('export interface Spec { a: string }\n')),
          'things/v1/a.ts': 'export interface Spec { b: string }\n',
        },
        want: [
          'things/v1/types.ts:2:18: type Spec is declared twice in package things/v1 (also at things/v1/a.ts:1:18): each name may be declared once per package; rename or remove one',
        ],
      },
    ],
    [
      'missing list type',
      {
        files: version('v1', types(kind('Thing', ['+genclient'], { list: false }))),
        want: [
          'things/v1/types.ts:6:18: kind Thing has no list type: declare export interface ThingList extends TypeMeta { metadata?: ListMeta; items: Thing[] }',
        ],
      },
    ],
    [
      'kind without metadata',
      {
        files: version('v1', types(kind('Thing', ['+genclient'], { body: '  spec?: string;' }))),
        want: [
          "things/v1/types.ts:6:18: kind Thing has no metadata field: add `metadata?: ObjectMeta` (import type { ObjectMeta } from '@kubegen/runtime')",
        ],
      },
    ],
    [
      'kind with metadata of the wrong type',
      {
        files: version('v1', types(kind('Thing', ['+genclient'], { body: '  metadata?: ListMeta;' }))),
        want: ['things/v1/types.ts:7:3: metadata of kind Thing must be ObjectMeta: declare `metadata?: ObjectMeta`'],
      },
    ],
    [
      'kind without TypeMeta',
      {
        files: version(
          'v1',
          types(
            kind('Thing', ['+kubebuilder:object:root=true'], { ext: 'Base' }),
            'export interface Base { a?: string }\n',
          ),
        ),
        want: [
          'things/v1/types.ts:6:18: kind Thing must embed TypeMeta: declare export interface Thing extends TypeMeta { … }',
        ],
      },
    ],
    [
      'TypeMeta and metadata through an embedded struct are fine',
      {
        files: version(
          'v1',
          types(
            kind('Thing', ['+genclient'], { ext: 'Base', body: '  spec?: string;' }),
            'export interface Base extends TypeMeta { metadata?: ObjectMeta }\n',
          ),
        ),
        want: [],
      },
    ],
    [
      'kind name with an underscore',
      {
        files: version(
          'v1',
          types(kind('Thing_X', ['+genclient', '+kubebuilder:resource:path=thingxs,singular=thingx'])),
        ),
        want: [
          'things/v1/types.ts:7:18: kind Thing_X is not an UpperCamelCase identifier of letters and digits: rename it (e.g. ThingX)',
        ],
      },
    ],
    [
      'names derived from an invalid kind name',
      {
        files: version('v1', types(kind('Thing_X'))),
        want: [
          'things/v1/types.ts:6:18: kind Thing_X is not an UpperCamelCase identifier of letters and digits: rename it (e.g. ThingX)',
          'things/v1/types.ts:6:18: plural "thing_xs" of Thing_X is not a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters): set +kubebuilder:resource:path=<plural>',
          'things/v1/types.ts:6:18: singular "thing_x" of Thing_X is not a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters): set +kubebuilder:resource:singular=<name>',
        ],
      },
    ],
    [
      'plural collision in a version',
      {
        files: version('v1', types(kind('Thing'), kind('Gadget', ['+genclient', '+kubebuilder:resource:path=things']))),
        want: [
          'things/v1/types.ts:6:18: kinds Gadget and Thing of things.example.com/v1 both have the plural things: set +kubebuilder:resource:path on one of them',
        ],
      },
    ],
    [
      'plural collision across versions',
      {
        files: {
          ...version('v1', types(kind('Thing'))),
          ...version('v2', types(kind('Gadget', ['+genclient', '+kubebuilder:resource:path=things']))),
        },
        want: [
          'things/v1/types.ts:6:18: plural things of Thing in v1 is also the plural of kind Gadget in another version of things.example.com: set +kubebuilder:resource:path on one of them',
        ],
      },
    ],
    [
      'plural and scope must agree across versions',
      {
        files: {
          ...version('v1', types(kind('Thing', ['+genclient', '+kubebuilder:storageversion']))),
          ...version(
            'v2',
            types(kind('Thing', ['+genclient', '+genclient:nonNamespaced', '+kubebuilder:resource:path=thingies'])),
          ),
        },
        want: [
          'things/v1/types.ts:7:18: kind Thing has the plural things in v1 but thingies in v2: a kind has one plural in all versions; make the markers agree',
          'things/v1/types.ts:7:18: kind Thing is Namespaced in v1 but Cluster in v2: a kind has one scope in all versions; make the markers agree',
        ],
      },
    ],
    [
      'no storage version',
      {
        files: { ...version('v1', types(kind('Thing'))), ...version('v1beta1', types(kind('Thing'))) },
        want: [
          'things/v1/types.ts:6:18: kind Thing is in versions v1, v1beta1 but none is the storage version: mark exactly one with +kubebuilder:storageversion',
        ],
      },
    ],
    [
      'two storage versions',
      {
        files: {
          ...version('v1', types(kind('Thing', ['+genclient', '+kubebuilder:storageversion']))),
          ...version('v2', types(kind('Thing', ['+genclient', '+kubebuilder:storageversion']))),
          ...version('v3', types(kind('Thing'))),
        },
        want: [
          'things/v1/types.ts:5:4: kind Thing is marked +kubebuilder:storageversion in v2 and v1: keep the marker on exactly one version',
        ],
      },
    ],
    [
      'a skipped version does not compete for storage',
      {
        files: {
          ...version('v1', types(kind('Thing', ['+genclient', '+kubebuilder:skipversion']))),
          ...version('v2', types(kind('Thing'))),
        },
        want: [],
      },
    ],
    [
      'the storage version cannot be skipped',
      {
        files: {
          ...version(
            'v1',
            types(kind('Thing', ['+genclient', '+kubebuilder:skipversion', '+kubebuilder:storageversion'])),
          ),
          ...version('v2', types(kind('Thing'))),
        },
        want: [
          'things/v1/types.ts:6:4: kind Thing in v1 is marked both +kubebuilder:storageversion and +kubebuilder:skipversion: the storage version must be in the CRD; move +kubebuilder:storageversion to another version',
        ],
      },
    ],
    [
      'short name, singular and plural must be DNS-1035 labels',
      {
        files: version(
          'v1',
          types(kind('Thing', ['+genclient', '+kubebuilder:resource:shortName=1th,singular=2thing'])),
        ),
        want: [
          'things/v1/types.ts:5:4: short name "1th" of Thing is not a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters): e.g. th',
          'things/v1/types.ts:5:4: singular "2thing" of Thing is not a DNS-1035 label (lower-case letters, digits and \'-\', starting with a letter, at most 63 characters): set +kubebuilder:resource:singular=<name>',
        ],
      },
    ],
    [
      'kind in a shared package',
      {
        files: {
          ...version('v1', types('export interface A { a: string }\n')),
          'common/types.ts': types(kind('Thing')),
        },
        want: [
          'common/types.ts:4:4: +genclient on Thing in common: kinds live in <group>/<version>/ folders (with a doc.ts naming the group); move Thing there',
        ],
      },
    ],
    [
      'extends a non-object type',
      {
        files: version(
          'v1',
          types(
            'export type Name = string;\nexport interface A extends Name { a: string }\nexport interface B extends Time { b: string }\n',
          ),
        ),
        want: [
          'things/v1/types.ts:3:18: A extends Name, which is not an object type: declare a field of type Name instead',
          'things/v1/types.ts:4:18: B extends Time, which is not an object type: declare a field of type Time instead',
        ],
      },
    ],
    [
      'direct recursion',
      {
        files: version('v1', types('export interface Node {\n  name: string;\n  children?: Node[];\n}\n')),
        want: [
          'things/v1/types.ts:4:3: recursive type: Node.children leads back to Node; a structural schema cannot express recursion: break the cycle, or mark the field +kubebuilder:validation:Schemaless with +kubebuilder:pruning:PreserveUnknownFields',
        ],
      },
    ],
    [
      'recursion through another type, a map, an alias and an inline object',
      {
        files: version(
          'v1',
          types(
            'export interface A { b?: Record<string, B> }\nexport interface B { inline?: { c?: C } }\nexport type C = A | null;\n',
          ),
        ),
        want: [
          'things/v1/types.ts:4:13: recursive type: A.b → B.inline.c → C leads back to A; a structural schema cannot express recursion: break the cycle, or mark the field +kubebuilder:validation:Schemaless with +kubebuilder:pruning:PreserveUnknownFields',
        ],
      },
    ],
    [
      'a Schemaless field breaks the cycle',
      {
        files: version(
          'v1',
          types(
            'export interface Node {\n  /**\n   * +kubebuilder:validation:Schemaless\n   * +kubebuilder:pruning:PreserveUnknownFields\n   */\n  children?: Node[];\n}\n',
          ),
        ),
        want: [],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { files, want }) => {
    const r = load(files);
    expect(lines(r)).toEqual(want);
    expect(r.model === undefined).toBe(want.length > 0);
  });

  it.each<[string, { files: Record<string, string>; want: string[] }]>([
    [
      'kinds without deep copy',
      {
        files: { 'things/v1/doc.ts': '// +groupName=things.example.com\n', 'things/v1/types.ts': types(kind('Thing')) },
        want: [
          'things/v1/types.ts:6:18: warning: kind Thing gets no generated deep-copy function: add +k8s:deepcopy-gen=package to things/v1/doc.ts',
          'things/v1/types.ts:10:18: warning: kind ThingList gets no generated deep-copy function: add +k8s:deepcopy-gen=package to things/v1/doc.ts',
        ],
      },
    ],
    [
      'a kind opted out of deep copy',
      {
        files: version('v1', types(kind('Thing', ['+genclient', '+k8s:deepcopy-gen=false']))),
        want: [
          'things/v1/types.ts:7:18: warning: kind Thing gets no generated deep-copy function: remove the deep-copy opt-out marker from Thing',
        ],
      },
    ],
    [
      'no deep-copy warning with a hand-written register.ts',
      {
        files: {
          'things/v1/doc.ts': '// +groupName=things.example.com\n',
          'things/v1/types.ts': types(kind('Thing')),
          'things/v1/register.ts': "export const GroupName = 'things.example.com';\n",
        },
        want: [],
      },
    ],
    [
      'kind markers on a type that is not a kind',
      {
        files: version(
          'v1',
          types(
            kind('Thing'),
            '\n/**\n * +kubebuilder:subresource:status\n * +genclient:nonNamespaced\n */\nexport interface Spec { a?: string }\n',
          ),
        ),
        want: [
          'things/v1/types.ts:13:4: warning: +kubebuilder:subresource:status has no effect on Spec, which is not a kind (a kind extends TypeMeta, has metadata?: ObjectMeta and is marked +genclient or +kubebuilder:object:root): move the marker to the kind',
          'things/v1/types.ts:14:4: warning: +genclient:nonNamespaced has no effect on Spec, which is not a kind (a kind extends TypeMeta, has metadata?: ObjectMeta and is marked +genclient or +kubebuilder:object:root): move the marker to the kind',
        ],
      },
    ],
    [
      'client-gen markers on a list type are tolerated (Go code has them)',
      {
        files: version(
          'v1',
          types(
            kind('Thing', ['+genclient', '+genclient:nonNamespaced'], { list: false }),
            '\n// +genclient:nonNamespaced\nexport interface ThingList extends TypeMeta { metadata?: ListMeta; items: Thing[] }\n',
          ),
        ),
        want: [],
      },
    ],
  ])('warning: %s', (_name, { files, want }) => {
    const r = load(files);
    expect(lines(r)).toEqual(want);
    expect(r.model).toBeDefined();
  });

  it('reports every problem at once, sorted by position', () => {
    const r = load({
      ...version(
        'v1',
        types(
          kind('Thing', ['+genclient'], { list: false, body: '  spec?: string;' }),
          kind('Gadget', ['+genclient', '+kubebuilder:resource:path=things']),
        ),
      ),
    });
    expect(r.diagnostics.map((d) => [d.code, d.pos.line])).toEqual([
      ['missing-list-type', 6],
      ['kind-without-metadata', 6],
      ['plural-collision', 6],
    ]);
  });

  it('checks group names that bypass the marker registry', () => {
    const m = model(version('v1', types(kind('Thing'))));
    m.groups[0]!.name = 'Things_Group.example.com';
    expect(validateModel(m).map((d) => formatDiagnostic(d))).toEqual([
      "things/v1/doc.ts:2:4: group name \"Things_Group.example.com\" is not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters): e.g. things.example.com",
    ]);
  });

  it('the legacy core group has an empty name and passes', () => {
    const m = model(version('v1', types(kind('Thing')), ''));
    expect(m.groups[0]!.name).toBe('');
    expect(validateModel(m)).toEqual([]);
  });
});
