/**
 * The applyconfigurations generator on small input trees: which types get apply configurations, what the
 * interfaces, builders and functions look like, how names and imports avoid clashes, the clientset's
 * apply types, and that the output compiles under strict settings and is already Prettier-formatted.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { generateFiles } from '../../../src/pipeline.js';
import { materialize, REPO_ROOT, toPosix, writeTree } from '../../util/fixtures.js';
import { typecheckFiles } from '../../util/typecheck.js';

const SCRATCH = join(REPO_ROOT, 'test', 'tmp', 'applyconfigurations-unit');
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

let caseNo = 0;

function doc(group: string, extra = ''): string {
  return `/**\n * Package docs.\n *\n * +k8s:deepcopy-gen=package\n * +groupName=${group}\n${extra}\n */\n`;
}

const KIND = (name: string, markers: string, specFields: string, extra = ''): string => `
import type { ListMeta, ObjectMeta, TypeMeta } from '@kubegen/runtime';

/**
 * ${name} is a test kind.
 *
${markers
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => ` * ${l.trim()}`)
  .join('\n')}
 */
export interface ${name} extends TypeMeta {
  metadata?: ObjectMeta;
  spec: ${name}Spec;
  status?: ${name}Status;
}

export interface ${name}Status {
  ready?: boolean;
}

export interface ${name}Spec {
${specFields}
}

export interface ${name}List extends TypeMeta {
  metadata?: ListMeta;
  items: ${name}[];
}
${extra}`;

interface Run {
  dir: string;
  files: Map<string, string>;
  diagnostics: string[];
  /** The error diagnostics, formatted. */
  errors: string[];
  ok: boolean;
  inputDir: string;
  all: { root: 'apis' | 'output' | 'crd'; path: string; content: string }[];
}

function run(sources: Record<string, string>, generators = ['applyconfigurations', 'clientset']): Run {
  const dir = join(SCRATCH, `case${caseNo++}`);
  const inputDir = join(dir, 'apis');
  writeTree(inputDir, new Map(Object.entries(sources)));
  const result = generateFiles({ inputDir, outputDir: join(dir, 'out'), crdOutputDir: join(dir, 'crd'), generators });
  return {
    dir,
    inputDir,
    ok: result.ok,
    diagnostics: result.diagnostics.map((d) => formatDiagnostic(d)),
    errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d)),
    files: new Map(result.files.filter((f) => f.root === 'output').map((f) => [f.path, f.content] as const)),
    all: result.files,
  };
}

function acPaths(r: Run): string[] {
  return [...r.files.keys()].filter((p) => p.startsWith('applyconfigurations/')).sort();
}

/** Type-checks the generated tree plus extra user files (path relative to the case dir → content). */
function typecheck(r: Run, extra: Record<string, string> = {}): string[] {
  const paths = materialize(r.inputDir, r.all, r.dir);
  const extraTree = new Map(Object.entries(extra));
  writeTree(join(r.dir, 'user'), extraTree);
  const all = [...paths, ...[...extraTree.keys()].map((p) => join(r.dir, 'user', p))];
  return typecheckFiles(all).map((e) => e.split(toPosix(r.dir) + '/').join(''));
}

const BASIC = {
  'example/v1/doc.ts': doc('example.com'),
  'example/v1/types.ts': KIND(
    'Widget',
    '+genclient\n+kubebuilder:subresource:status',
    `  size: number;
  parts?: WidgetPart[];
  owner?: Owner | null;
  tags?: Record<string, string>;
  mode?: 'Fast' | 'Safe';`,
    `
export interface Owner {
  name: string;
}

export interface WidgetPart {
  id: string;
  weight?: number;
}

/** Unreachable from any kind. */
export interface Orphan {
  x?: string;
}
`,
  ),
};

describe('which types get apply configurations', () => {
  const cases: [string, { sources: Record<string, string>; want: string[] }][] = [
    [
      'a kind with the apply verbs and every struct it reaches (not lists, not unreachable structs)',
      {
        sources: BASIC,
        want: [
          'applyconfigurations/example/v1/index.ts',
          'applyconfigurations/example/v1/owner.ts',
          'applyconfigurations/example/v1/widget.ts',
          'applyconfigurations/example/v1/widgetpart.ts',
          'applyconfigurations/example/v1/widgetspec.ts',
          'applyconfigurations/example/v1/widgetstatus.ts',
        ],
      },
    ],
    ['a kind without +genclient', { sources: { 'example/v1/doc.ts': doc('example.com'), 'example/v1/types.ts': KIND('Widget', '', '  size: number;') }, want: [] }],
    ['a kind whose client has no verbs', { sources: { 'example/v1/doc.ts': doc('example.com'), 'example/v1/types.ts': KIND('Widget', '+genclient\n+genclient:noVerbs', '  size: number;') }, want: [] }],
    [
      'a kind whose client skips apply and applyStatus',
      { sources: { 'example/v1/doc.ts': doc('example.com'), 'example/v1/types.ts': KIND('Widget', '+genclient\n+genclient:skipVerbs=apply,applyStatus', '  size: number;') }, want: [] },
    ],
    [
      'a package that opts out with +k8s:applyconfiguration-gen=false',
      { sources: { ...BASIC, 'example/v1/doc.ts': doc('example.com', ' * +k8s:applyconfiguration-gen=false') }, want: [] },
    ],
    [
      'types of a shared package, in their own folder',
      {
        sources: {
          'common/doc.ts': '/** Package common. */\n',
          'common/types.ts': 'export interface Ref {\n  name: string;\n}\n',
          'example/v1/doc.ts': doc('example.com'),
          'example/v1/types.ts': KIND('Widget', '+genclient', "  ref?: Ref;", "import type { Ref } from '../../common/types.js';\n"),
        },
        want: [
          'applyconfigurations/common/index.ts',
          'applyconfigurations/common/ref.ts',
          'applyconfigurations/example/v1/index.ts',
          'applyconfigurations/example/v1/widget.ts',
          'applyconfigurations/example/v1/widgetspec.ts',
          'applyconfigurations/example/v1/widgetstatus.ts',
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { sources, want }) => {
    const r = run(sources);
    expect(r.errors).toEqual([]);
    expect(acPaths(r)).toEqual(want);
  });
});

describe('generated code', () => {
  const r = run(BASIC);
  const widget = r.files.get('applyconfigurations/example/v1/widget.ts')!;
  const spec = r.files.get('applyconfigurations/example/v1/widgetspec.ts')!;

  const contains: [string, { file: () => string; want: string[] }][] = [
    [
      'kind interface extends the object apply configuration',
      { file: () => widget, want: ['export interface WidgetApplyConfiguration extends ObjectApplyConfiguration {', '  spec?: WidgetSpecApplyConfiguration;'] },
    ],
    [
      'kind builder presets apiVersion and kind',
      { file: () => widget, want: ['export class WidgetApplyConfigurationBuilder extends ObjectApplyConfigurationBuilder {', "    super('example.com/v1', 'Widget', name, namespace);"] },
    ],
    ['namespaced constructor function', { file: () => widget, want: ['export function widget(name: string, namespace?: string): WidgetApplyConfigurationBuilder {'] }],
    [
      'extract functions for the main resource and status',
      {
        file: () => widget,
        want: [
          'export function extractWidget(obj: Widget, fieldManager: string): WidgetApplyConfigurationBuilder {',
          "  return extractInto(new WidgetApplyConfigurationBuilder(), obj, fieldManager, '');",
          "  return extractInto(new WidgetApplyConfigurationBuilder(), obj, fieldManager, 'status');",
        ],
      },
    ],
    [
      'nested fields are optional apply configurations; nullable kept; maps and literal unions',
      {
        file: () => spec,
        want: ['  size?: number;', '  parts?: WidgetPartApplyConfiguration[];', '  owner?: OwnerApplyConfiguration | null;', '  tags?: Record<string, string>;', "  mode?: 'Fast' | 'Safe';"],
      },
    ],
    ['arrays append', { file: () => spec, want: ['  withParts(...values: WidgetPartApplyConfiguration[]): this {', '    this.parts = [...(this.parts ?? []), ...values];'] }],
    ['maps merge', { file: () => spec, want: ['  withTags(entries: Record<string, string>): this {', '    this.tags = { ...this.tags, ...entries };'] }],
    ['values set', { file: () => spec, want: ['  withOwner(value: OwnerApplyConfiguration | null): this {', '    this.owner = value;'] }],
    ['an empty builder for nested types', { file: () => spec, want: ['export function widgetSpec(): WidgetSpecApplyConfigurationBuilder {'] }],
    ['the index re-exports every file', { file: () => r.files.get('applyconfigurations/example/v1/index.ts')!, want: ["export * from './owner.js';", "export * from './widgetspec.js';"] }],
    [
      'the clientset applies the generated type',
      {
        file: () => r.files.get('clientset/versioned/typed/example/v1/widget.ts')!,
        want: ["import type { WidgetApplyConfiguration } from '../../../../../applyconfigurations/example/v1/widget.js';", 'export type WidgetApply = WidgetApplyConfiguration;'],
      },
    ],
  ];
  it.each(contains)('%s', (_name, { file, want }) => {
    const text = file();
    for (const line of want) expect(text.split('\n')).toContain(line);
  });

  it('every file starts with the header and is a Prettier fixed point', async () => {
    for (const [path, content] of r.files) {
      expect(content.startsWith('// Code generated by kubegen. DO NOT EDIT.\n'), path).toBe(true);
      expect(await prettier.format(content, { parser: 'typescript', printWidth: 120, singleQuote: true }), path).toBe(content);
    }
  });

  it('compiles, accepts object literals and builders alike, and rejects wrong field types', () => {
    const errors = typecheck(r, {
      'use.ts': `
import { widget, widgetPart, widgetSpec, type WidgetApplyConfiguration } from '../out/applyconfigurations/example/v1/index.js';
import { newForTransport } from '../out/clientset/versioned/clientset.js';
import { FakeTransport, type Transport } from '@kubegen/runtime';

const literal: WidgetApplyConfiguration = { metadata: { name: 'a' }, spec: { size: 1, parts: [{ id: 'p' }] } };
const built: WidgetApplyConfiguration = widget('a', 'ns')
  .withLabels({ app: 'x' })
  .withSpec(widgetSpec().withSize(2).withParts(widgetPart().withId('p'), { id: 'q' }).withOwner(null));
const mixed = widget('a').withSpec({ size: 3, mode: 'Safe' });
// @ts-expect-error size is a number
widget('a').withSpec({ size: 'big' });
// @ts-expect-error mode is one of the literals
widgetSpec().withMode('Slow');
declare const t: Transport;
const client = newForTransport(t).exampleV1().widgets('ns');
void client.apply(built, { fieldManager: 'm' });
void client.apply(literal, { fieldManager: 'm' });
void client.applyStatus(mixed, { fieldManager: 'm' });
void FakeTransport;
`,
    });
    expect(errors).toEqual([]);
  });

  it('builders serialise to exactly the apply body', async () => {
    typecheck(r);
    const mod = (await import(pathToFileURL(join(r.dir, 'out', 'applyconfigurations', 'example', 'v1', 'index.ts')).href)) as Record<string, (...a: unknown[]) => Record<string, (...a: unknown[]) => unknown>>;
    const w = mod['widget']!('a', 'ns') as Record<string, (...a: unknown[]) => unknown>;
    const s = mod['widgetSpec']!() as Record<string, (...a: unknown[]) => unknown>;
    s['withSize']!(2);
    s['withParts']!({ id: 'p' });
    s['withParts']!({ id: 'q' }, { id: 'r' });
    s['withTags']!({ a: '1' });
    s['withTags']!({ b: '2' });
    w['withSpec']!(s);
    w['withLabels']!({ app: 'x' });
    const want = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'a', namespace: 'ns', labels: { app: 'x' } },
      spec: { size: 2, parts: [{ id: 'p' }, { id: 'q' }, { id: 'r' }], tags: { a: '1', b: '2' } },
    };
    expect(JSON.parse(JSON.stringify(w))).toStrictEqual(want);
    expect(structuredClone(w)).toStrictEqual(want);
    expect(Object.keys(w)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });
});

describe('names, imports and layout', () => {
  it('reserved words, an Index type, a field clashing with an ObjectMeta method, cross-version imports with the same name', () => {
    const r = run({
      'example/v1/doc.ts': doc('example.com'),
      'example/v1/types.ts': KIND('Widget', '+genclient', '  retry?: RetryPolicy;', '\nexport interface RetryPolicy {\n  attempts?: number;\n}\n'),
      'example/v2/doc.ts': doc('example.com'),
      'example/v2/types.ts': `
import type { ListMeta, ObjectMeta, TypeMeta } from '@kubegen/runtime';
import type { RetryPolicy as V1Retry } from '../v1/types.js';

/**
 * Default is a kind whose name is a reserved word once lower-cased.
 *
 * +genclient
 */
export interface Default extends TypeMeta {
  metadata?: ObjectMeta;
  /** Labels at the top level clash with the ObjectMeta builder method. */
  labels?: Record<string, string>;
  spec?: Index;
}

export interface Index {
  old?: V1Retry;
  retry?: RetryPolicy;
}

export interface RetryPolicy {
  backoff?: string;
}

export interface DefaultList extends TypeMeta {
  metadata?: ListMeta;
  items: Default[];
}
`,
    });
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/example\/v2\/types\.ts:\d+:\d+: warning: field labels of Default has no withLabels builder method: the ObjectMeta method of that name takes the name/),
    ]);
    expect(acPaths(r)).toContain('applyconfigurations/example/v2/index_.ts');
    const def = r.files.get('applyconfigurations/example/v2/default.ts')!;
    expect(def).toContain('export function defaultApplyConfiguration(name: string, namespace?: string): DefaultApplyConfigurationBuilder {');
    expect(def).toContain('  labels?: Record<string, string>;');
    const index = r.files.get('applyconfigurations/example/v2/index_.ts')!;
    expect(index).toContain("import type { RetryPolicyApplyConfiguration as ExampleV1RetryPolicyApplyConfiguration } from '../v1/retrypolicy.js';");
    expect(index).toContain('  old?: ExampleV1RetryPolicyApplyConfiguration;');
    expect(index).toContain("import type { RetryPolicyApplyConfiguration } from './retrypolicy.js';");
    expect(r.files.get('applyconfigurations/example/v2/index.ts')).toContain("export * from './index_.js';");
    expect(typecheck(r)).toEqual([]);
  });

  it('aliases: scalar aliases keep their name, aliases of structs are rewritten; opted-out types are DeepPartial', () => {
    const r = run({
      'frozen/doc.ts': '/**\n * Package frozen.\n *\n * +k8s:applyconfiguration-gen=false\n */\n',
      'frozen/types.ts': 'export interface Frozen {\n  a: string;\n  b: number;\n}\n',
      'example/v1/doc.ts': doc('example.com'),
      'example/v1/types.ts': KIND(
        'Widget',
        '+genclient',
        '  host?: Hostname;\n  parts?: Parts;\n  frozen?: Frozen;\n  frozenList?: Frozen[];',
        "import type { Frozen } from '../../frozen/types.js';\n\nexport type Hostname = string;\nexport type Parts = Part[];\n\nexport interface Part {\n  id: string;\n}\n",
      ),
    });
    const spec = r.files.get('applyconfigurations/example/v1/widgetspec.ts')!;
    expect(spec).toContain('  host?: Hostname;');
    expect(spec).toContain('  parts?: PartApplyConfiguration[];');
    expect(spec).toContain('  withParts(...values: PartApplyConfiguration[]): this {');
    expect(spec).toContain('  frozen?: DeepPartial<Frozen>;');
    expect(spec).toContain('  frozenList?: DeepPartial<Frozen>[];');
    expect(acPaths(r).some((p) => p.includes('frozen'))).toBe(false);
    expect(typecheck(r)).toEqual([]);
  });

  it('inline objects inside arrays, maps and nullables are printed expanded and their methods typed through the interface', async () => {
    const r = run({
      'example/v1/doc.ts': doc('example.com'),
      'example/v1/types.ts': KIND(
        'Widget',
        '+genclient',
        `  /** Routes, each inline. */
  routes?: { path: string; backends?: { name: string; weight?: number }[] }[];
  byZone?: Record<string, { primary: string; spare?: string }>;
  maybe?: { on: boolean } | null;
  'x-extra'?: string;`,
      ),
    });
    expect(r.ok).toBe(true);
    const spec = r.files.get('applyconfigurations/example/v1/widgetspec.ts')!;
    expect(spec).toContain("  withRoutes(...values: NonNullable<WidgetSpecApplyConfiguration['routes']>): this {");
    expect(spec).toContain("  withByZone(entries: NonNullable<WidgetSpecApplyConfiguration['byZone']>): this {");
    expect(spec).toContain("  withMaybe(value: Exclude<WidgetSpecApplyConfiguration['maybe'], undefined>): this {");
    expect(spec).toContain("  'x-extra'?: string;");
    expect(spec).toContain("    this['x-extra'] = value;");
    for (const path of acPaths(r)) {
      const content = r.files.get(path)!;
      expect(await prettier.format(content, { parser: 'typescript', printWidth: 120, singleQuote: true }), path).toBe(content);
    }
    expect(
      typecheck(r, {
        'use.ts': `
import { widgetSpec } from '../out/applyconfigurations/example/v1/index.js';
const s = widgetSpec()
  .withRoutes({ path: '/a', backends: [{ name: 'b' }] }, { path: '/c' })
  .withByZone({ a: { primary: 'p' } })
  .withMaybe(null)
  .withXExtra('x');
// @ts-expect-error weight is a number
widgetSpec().withRoutes({ backends: [{ weight: 'heavy' }] });
export const body: string = JSON.stringify(s);
`,
      }),
    ).toEqual([]);
  });

  it('apply extension methods: a declared input gets (and takes) its apply configuration, a runtime input DeepPartial', () => {
    const r = run({
      'example/v1/doc.ts': doc('example.com'),
      'example/v1/types.ts': KIND(
        'Widget',
        `+genclient
+genclient:onlyVerbs=get
+genclient:method=ApplyConfig,verb=apply,subresource=config,input=WidgetConfig,result=Widget
+genclient:method=ApplyScale,verb=apply,subresource=scale,input=Scale,result=Scale`,
        '  size?: number;',
        '\nexport interface WidgetConfig {\n  level?: number;\n  parts?: Part[];\n}\n\nexport interface Part {\n  id: string;\n}\n',
      ),
    });
    expect(r.errors).toEqual([]);
    // The kind itself has no apply verb: only the extension's input (and what it reaches) is generated.
    expect(acPaths(r)).toEqual(['applyconfigurations/example/v1/index.ts', 'applyconfigurations/example/v1/part.ts', 'applyconfigurations/example/v1/widgetconfig.ts']);
    const client = r.files.get('clientset/versioned/typed/example/v1/widget.ts')!;
    expect(client).toContain('applyConfig(name: string, body: WidgetConfigApplyConfiguration, options: ApplyOptions): Promise<Widget>;');
    expect(client).toContain('applyScale(name: string, body: DeepPartial<Scale>, options: ApplyOptions): Promise<Scale>;');
    expect(client).toContain('export type WidgetApply = DeepPartial<Widget>;');
    expect(typecheck(r)).toEqual([]);
  });

  const collisions: [string, { extra: string; fields: string; want: RegExp }][] = [
    [
      'two types whose file names differ only in case',
      {
        fields: '  a?: Probe;\n  b?: PROBE;',
        extra: '\nexport interface Probe {\n  x?: string;\n}\n\nexport interface PROBE {\n  y?: string;\n}\n',
        want: /example\/v1\/types\.ts:\d+:\d+: the apply configuration of (Probe|PROBE) would be written to applyconfigurations\/example\/v1\/probe\.ts, as that of (Probe|PROBE): type names of a package must differ in more than letter case/,
      },
    ],
    [
      'a type whose constructor is another kind\'s extract function',
      {
        fields: '  e?: ExtractWidget;',
        extra: '\nexport interface ExtractWidget {\n  x?: string;\n}\n',
        want: /example\/v1\/types\.ts:\d+:\d+: the apply configuration of \w+ exports extractWidget, which the apply configuration of \w+ exports too: rename one of the two types/,
      },
    ],
  ];
  it.each(collisions)('an error for %s', (_name, { fields, extra, want }) => {
    const r = run({ 'example/v1/doc.ts': doc('example.com'), 'example/v1/types.ts': KIND('Widget', '+genclient', fields, extra) });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.stringMatching(want)]);
  });

  it('an empty struct and a kind with nothing but metadata print as {} and compile', async () => {
    const r = run({
      'example/v1/doc.ts': doc('example.com'),
      'example/v1/types.ts': `
import type { ListMeta, ObjectMeta, TypeMeta } from '@kubegen/runtime';

/**
 * Bare has only metadata.
 *
 * +genclient
 */
export interface Bare extends TypeMeta {
  metadata?: ObjectMeta;
  marker?: Empty;
}

export interface Empty {}

export interface BareList extends TypeMeta {
  metadata?: ListMeta;
  items: Bare[];
}
`,
    });
    expect(r.ok).toBe(true);
    const empty = r.files.get('applyconfigurations/example/v1/empty.ts')!;
    expect(empty).toContain('export interface EmptyApplyConfiguration {}');
    expect(empty).toContain('export class EmptyApplyConfigurationBuilder {}');
    for (const path of acPaths(r)) {
      const content = r.files.get(path)!;
      expect(await prettier.format(content, { parser: 'typescript', printWidth: 120, singleQuote: true }), path).toBe(content);
    }
    expect(typecheck(r)).toEqual([]);
  });

  it('long names and long unions are laid out as Prettier lays them out, and compile', async () => {
    const long = 'ExtraordinarilyLongKindNameForLayoutTestingPurposesOnly';
    const r = run({
      'example/v1/doc.ts': doc('a-rather-long-group-name-for-testing.subdomain.example.com'),
      'example/v1/types.ts': KIND(
        long,
        '+genclient\n+genclient:nonNamespaced\n+kubebuilder:resource:scope=Cluster\n+kubebuilder:subresource:status',
        `  mode?: 'AlphaAlphaAlpha' | 'BravoBravoBravo' | 'CharlieCharlie' | 'DeltaDeltaDelta' | 'EchoEchoEcho' | 'FoxtrotFoxtrot';
  anExceptionallyLongFieldNameThatKeepsGoingAndGoingForSeveralWordsMore?: string[];
  anotherExceptionallyLongFieldNameThatKeepsGoingAndGoingForMoreWords?: Record<string, string>;
  inline?: { a?: string; b?: number[] } | null;`,
      ),
    });
    expect(r.ok).toBe(true);
    for (const path of acPaths(r)) {
      const content = r.files.get(path)!;
      expect(await prettier.format(content, { parser: 'typescript', printWidth: 120, singleQuote: true }), path).toBe(content);
    }
    const kind = r.files.get(`applyconfigurations/example/v1/${long.toLowerCase()}.ts`)!;
    expect(kind).toContain(`export function extraordinarilyLongKindNameForLayoutTestingPurposesOnly(\n  name: string,\n): ${long}ApplyConfigurationBuilder {`);
    expect(typecheck(r)).toEqual([]);
  });
});
