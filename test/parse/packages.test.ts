import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/parse/index.js';
import { DOC, RUNTIME_IMPORT, lines, model, thingTree, writeTree } from './helpers.js';

const plain = `${RUNTIME_IMPORT}\nexport interface Foo { a: string }\n`;

describe('packages', () => {
  it('a missing input directory is one diagnostic', () => {
    const dir = join(writeTree({}), 'nope');
    expect(lines(loadModel({ inputDir: dir }))).toEqual([
      `.:1:1: input directory ${dir} does not exist: pass the folder that holds <group>/<version>/ packages`,
    ]);
  });

  it('walks <group>/<version> packages and shared packages, skipping generated and non-input files', () => {
    const m = model({
      'things/v1/doc.ts': DOC(),
      'things/v1/types.ts': plain,
      'things/v1/zz_generated.deepcopy.ts': 'this is not even TypeScript',
      'things/v1/types.d.ts': 'declare const x: number;',
      'things/v1/README.md': '# docs',
      'things/v1/register.ts': "export const GroupName = 'things.example.com';",
      'things/v1beta1/doc.ts': DOC(),
      'things/v1beta1/types.ts': plain,
      'things/register.ts': "export const GroupName = 'things.example.com';",
      'common/types.ts': 'export interface Shared { a: string }',
      'common/nested/more.ts': 'export interface Deep { a: string }',
      'node_modules/x/index.ts': 'export interface Ignored { a: string }',
      '.hidden/x.ts': 'export interface Ignored { a: string }',
      'notaversion/version1/types.ts': 'export interface Odd { a: string }',
    });
    expect(
      m.groups.map((g) => [g.name, g.dir, g.versions.map((v) => [v.id, v.name, v.files, v.handWrittenRegister])]),
    ).toEqual([
      [
        'things.example.com',
        'things',
        [
          ['things/v1', 'v1', ['things/v1/doc.ts', 'things/v1/register.ts', 'things/v1/types.ts'], true],
          ['things/v1beta1', 'v1beta1', ['things/v1beta1/doc.ts', 'things/v1beta1/types.ts'], false],
        ],
      ],
    ]);
    expect(m.sharedPackages.map((p) => [p.id, p.files, p.types.map((t) => t.name)])).toEqual([
      ['common', ['common/types.ts'], ['Shared']],
      ['common/nested', ['common/nested/more.ts'], ['Deep']],
      ['notaversion/version1', ['notaversion/version1/types.ts'], ['Odd']],
      ['things', ['things/register.ts'], []],
    ]);
    expect(m.groups[0]!.versions[0]!.docFile).toBe('things/v1/doc.ts');
  });

  it('sorts groups by name (core first) and versions by Kubernetes priority', () => {
    const files: Record<string, string> = {};
    for (const [dir, group] of [
      ['zeta', 'zeta.example.com'],
      ['alpha', 'alpha.example.com'],
      ['core', ''],
    ] as const) {
      for (const v of ['v1alpha1', 'v2', 'v1beta2', 'v1', 'v1beta1']) {
        files[`${dir}/${v}/doc.ts`] = `// +groupName=${group}\n`;
        files[`${dir}/${v}/types.ts`] = plain;
      }
    }
    const m = model(files);
    expect(m.groups.map((g) => [g.name, g.goName])).toEqual([
      ['', 'core'],
      ['alpha.example.com', 'alpha'],
      ['zeta.example.com', 'zeta'],
    ]);
    expect(m.groups[0]!.versions.map((v) => v.name)).toEqual(['v2', 'v1', 'v1beta2', 'v1beta1', 'v1alpha1']);
  });

  it.each<[string, { doc: string; dir?: string; want: object }]>([
    [
      'group go name from the first DNS label',
      {
        doc: '// +groupName=ops-tools.example.com\n',
        dir: 'ops-tools',
        want: { name: 'ops-tools.example.com', goName: 'opsTools' },
      },
    ],
    [
      '+groupGoName override',
      { doc: '// +groupName=ops-tools.example.com\n// +groupGoName=OpsTooling\n', want: { goName: 'opsTooling' } },
    ],
    ['legacy core group', { doc: '// +groupName=\n', dir: 'core', want: { name: '', goName: 'core' } }],
    [
      '+versionName',
      {
        doc: '// +groupName=things.example.com\n// +versionName=v2beta1\n',
        want: { versions: [{ id: 'things/v1', name: 'v2beta1', group: 'things.example.com' }] },
      },
    ],
  ])('%s', (_name, { doc, dir, want }) => {
    const d = dir ?? 'things';
    const m = model({ [`${d}/v1/doc.ts`]: doc, [`${d}/v1/types.ts`]: plain });
    expect(m.groups[0]).toMatchObject(want);
  });

  it.each<[string, { doc: string; want: object }]>([
    [
      'defaults',
      {
        doc: '// +groupName=things.example.com\n',
        want: {
          deepcopyPackage: false,
          clientGen: true,
          listerGen: true,
          informerGen: true,
          applyConfigurationGen: true,
          crdSkip: false,
          defaultOptional: false,
        },
      },
    ],
    [
      'opt-outs',
      {
        doc: '// +groupName=things.example.com\n// +k8s:client-gen=false\n// +k8s:lister-gen=false\n// +k8s:informer-gen=false\n// +k8s:applyconfiguration-gen=false\n// +kubebuilder:skip\n',
        want: { clientGen: false, listerGen: false, informerGen: false, applyConfigurationGen: false, crdSkip: true },
      },
    ],
    [
      'deepcopy package',
      { doc: '// +groupName=things.example.com\n// +k8s:deepcopy-gen=package\n', want: { deepcopyPackage: true } },
    ],
    [
      'controller-gen object:generate',
      {
        doc: '// +groupName=things.example.com\n// +kubebuilder:object:generate=true\n',
        want: { deepcopyPackage: true },
      },
    ],
    [
      'optional by default',
      {
        doc: '// +groupName=things.example.com\n// +kubebuilder:validation:Optional\n',
        want: { defaultOptional: true },
      },
    ],
  ])('package options: %s', (_name, { doc, want }) => {
    const m = model({ 'things/v1/doc.ts': doc, 'things/v1/types.ts': plain });
    expect(m.groups[0]!.versions[0]!.options).toMatchObject(want);
  });

  it('deep-copy selection: package default and per-type opt-in/out', () => {
    const types = `${RUNTIME_IMPORT}
export interface A { a: string }
// +k8s:deepcopy-gen=false
export interface B { a: string }
// +kubebuilder:object:generate=false
export interface C { a: string }
`;
    const on = model({ 'things/v1/doc.ts': DOC(), 'things/v1/types.ts': types });
    expect(on.groups[0]!.versions[0]!.types.map((t) => [t.name, t.deepcopy])).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
    ]);
    const off = model({
      'things/v1/doc.ts': '// +groupName=things.example.com\n',
      'things/v1/types.ts': types.replace('export interface A', '// +k8s:deepcopy-gen=true\nexport interface A'),
    });
    expect(off.groups[0]!.versions[0]!.types.map((t) => [t.name, t.deepcopy])).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
    ]);
  });
});

describe('field optionality', () => {
  const spec = `a: string;
  b?: string;
  /** +optional */
  c: string;
  /** +required */
  d?: string;
  /** +kubebuilder:validation:Optional */
  e: string;
  /** +kubebuilder:validation:Required */
  f?: string;
  /** +k8s:optional */
  g: string;
  inline?: { x: string; y?: string };`;
  const want = (defaultOptional: boolean) => [
    ['a', false, defaultOptional],
    ['b', true, true],
    ['c', false, true],
    ['d', true, false],
    ['e', false, true],
    ['f', true, false],
    ['g', false, true],
    ['inline', true, true],
  ];
  it.each([false, true])('package default optional = %s', (defaultOptional) => {
    const tree = thingTree('', '+genclient', spec);
    if (defaultOptional) tree['things/v1/doc.ts'] += '// +kubebuilder:validation:Optional\n';
    const m = model(tree);
    const s = m.groups[0]!.versions[0]!.types.find((t) => t.name === 'ThingSpec');
    if (s?.declKind !== 'struct') throw new Error('no ThingSpec');
    expect(s.fields.map((f) => [f.name, f.tsOptional, f.optional])).toEqual(want(defaultOptional));
    const inline = s.fields.find((f) => f.name === 'inline')!.type;
    expect(inline.kind === 'object' && inline.fields.map((f) => [f.name, f.optional])).toEqual([
      ['x', defaultOptional],
      ['y', true],
    ]);
  });
});
